import { createRoute, type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import { type Runtime, WardenError } from '@warden/runtime';
import { bearer, errorResponses, jsonBody, jsonResponse, RecordFields, RecordId } from './openapi-shared.js';
import type { ServerEnv } from './request-auth.js';

const IdParam = z.object({ id: RecordId });
const GroupName = z.string().min(1).max(200);

const route = <R extends NonNullable<RouteConfig['request']>>(
  method: 'get' | 'post' | 'delete',
  path: string,
  description: string,
  request: R = {} as R,
) =>
  createRoute({
    method,
    path,
    tags: ['users'],
    description,
    security: bearer,
    request,
    responses: { 200: jsonResponse(description), ...errorResponses },
  });

const list = route('get', '/users', 'Lists users, newest first; `q` searches emails', {
  query: z.object({
    q: z
      .string()
      .regex(/^[\w@.+-]{1,200}$/, 'q must be letters, digits and @ . + - _')
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  }),
});
const get = route('get', '/users/{id}', 'One user', { params: IdParam });
const create = route(
  'post',
  '/users',
  'Creates a user (fields of sys.users; a password is hashed)',
  jsonBody(RecordFields),
);
const activate = route('post', '/users/{id}/activate', 'Activates a user', { params: IdParam });
const deactivate = route('post', '/users/{id}/deactivate', 'Deactivates a user (ends their sessions)', {
  params: IdParam,
});
const addGroup = route('post', '/users/{id}/groups', 'Adds a group to a user', {
  params: IdParam,
  ...jsonBody(z.object({ group: GroupName, primary: z.boolean().optional() })),
});
const removeGroup = route('delete', '/users/{id}/groups/{group}', 'Removes a group from a user', {
  params: z.object({ id: RecordId, group: GroupName }),
});
const sessions = route('get', '/users/{id}/sessions', "A user's sessions", { params: IdParam });
const revoke = route('delete', '/users/{id}/sessions', "Revokes all of a user's sessions", {
  params: IdParam,
});

/** The user administration routes (admin only; the caller mounts the guard). */
export function userRoutes(app: OpenAPIHono<ServerEnv>, runtime: Runtime) {
  const load = async (id: string) => {
    const user = await runtime.store.findById('sys.users', id);
    if (!user) throw new WardenError('notFound', `GET /users/${id}: no user has this id`);
    return user;
  };
  app.openapi(list, async (c) => {
    const { q, limit, offset } = c.req.valid('query');
    const where = q ? { email: `like(${q})` } : {};
    const [items, total] = await Promise.all([
      runtime.store.find('sys.users', {
        ...where,
        _size: limit,
        _offset: offset,
        _sortField: 'email',
        _sortType: 'asc',
      }),
      runtime.store.count('sys.users', where),
    ]);
    return c.json({ items, total }, 200);
  });
  app.openapi(get, async (c) => c.json(await load(c.req.valid('param').id), 200));
  app.openapi(create, async (c) =>
    c.json(await runtime.store.insert('sys.users', c.req.valid('json') as Record<string, never>), 200),
  );
  app.openapi(activate, async (c) => c.json(await runtime.users.activate(c.req.valid('param').id), 200));
  app.openapi(deactivate, async (c) => c.json(await runtime.users.deactivate(c.req.valid('param').id), 200));
  app.openapi(addGroup, async (c) => {
    const { group, primary } = c.req.valid('json');
    const changed = await runtime.users.addGroup(await load(c.req.valid('param').id), group, primary);
    return c.json(await runtime.store.update('sys.users', changed), 200);
  });
  app.openapi(removeGroup, async (c) => {
    const { id, group } = c.req.valid('param');
    const changed = await runtime.users.removeGroup(await load(id), group);
    return c.json(await runtime.store.update('sys.users', changed), 200);
  });
  app.openapi(sessions, async (c) => c.json(await runtime.users.listSessions(c.req.valid('param').id), 200));
  app.openapi(revoke, async (c) =>
    c.json({ revoked: await runtime.users.revokeSessions(c.req.valid('param').id) }, 200),
  );
}
