import { createRoute, type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import { type Runtime, WardenError } from '@warden/runtime';
import {
  bearer,
  EntityName,
  errorResponses,
  jsonBody,
  jsonResponse,
  RecordFields,
  RecordId,
} from './openapi-shared.js';
import { CREATE, GET, LIST, PATCH, REMOVE } from './record-scripts.js';
import type { ServerEnv } from './request-auth.js';

const EntityParam = z.object({ entity: EntityName });
const RecordParam = z.object({ entity: EntityName, id: RecordId });
/** Filters: `field=value` (a Slingr query map value such as `like(x)` or `greater(3)`), plus paging. */
const ListQuery = z
  .object({
    _size: z.coerce.number().int().min(1).max(1000).default(50),
    _offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    _sortField: z
      .string()
      .regex(/^[A-Za-z][\w.]{0,99}$/)
      .optional(),
    _sortType: z.enum(['asc', 'desc']).optional(),
  })
  .catchall(z.string().max(1000))
  .superRefine((q, ctx) => {
    for (const key of Object.keys(q))
      if (!key.startsWith('_') && !/^[A-Za-z][\w.]{0,199}$/.test(key))
        ctx.addIssue({ code: 'custom', path: [key], message: `filter ${key} is not a field path` });
  });

const route = <R extends NonNullable<RouteConfig['request']>>(
  method: 'get' | 'post' | 'patch' | 'delete',
  path: string,
  description: string,
  request: R = {} as R,
) =>
  createRoute({
    method,
    path,
    tags: ['records'],
    description,
    security: bearer,
    request,
    responses: { 200: jsonResponse(description), ...errorResponses },
  });

const list = route('get', '/records/{entity}', 'Finds records the caller may read, paged', {
  params: EntityParam,
  query: ListQuery,
});
const create = route('post', '/records/{entity}', 'Creates a record as the caller', {
  params: EntityParam,
  ...jsonBody(RecordFields),
});
const get = route('get', '/records/{entity}/{id}', 'One record the caller may read', { params: RecordParam });
const patch = route('patch', '/records/{entity}/{id}', "Changes a record's fields as the caller", {
  params: RecordParam,
  ...jsonBody(RecordFields),
});
const remove = route('delete', '/records/{entity}/{id}', 'Removes a record as the caller', {
  params: RecordParam,
});

/**
 * The record routes. Each runs a fixed script through `runtime.run` as the caller (`as` their id),
 * so access rules are enforced by the store and the run as for any script of theirs; a record out
 * of reach is a 404, like one that does not exist.
 */
export function recordRoutes(app: OpenAPIHono<ServerEnv>, runtime: Runtime, timeoutMs: number) {
  const run = async (as: string, source: string, filename: string, params: Record<string, unknown>) =>
    (await runtime.run(source, { as, params, filename, timeoutMs })).value;
  const found = (value: unknown, what: string) => {
    if (value === null || value === undefined) throw new WardenError('notFound', `${what}: no such record`);
    return value;
  };
  app.openapi(list, async (c) => {
    const { entity } = c.req.valid('param');
    const query = c.req.valid('query') as Record<string, unknown>;
    const filters = Object.fromEntries(Object.entries(query).filter(([k]) => !k.startsWith('_')));
    return c.json(
      await run(c.get('user').id as string, LIST, 'records-list', { entity, query, filters }),
      200,
    );
  });
  app.openapi(create, async (c) => {
    const { entity } = c.req.valid('param');
    const fields = c.req.valid('json');
    return c.json(await run(c.get('user').id as string, CREATE, 'records-create', { entity, fields }), 200);
  });
  app.openapi(get, async (c) => {
    const { entity, id } = c.req.valid('param');
    const value = await run(c.get('user').id as string, GET, 'records-get', { entity, id });
    return c.json(found(value, `GET /records/${entity}/${id}`), 200);
  });
  app.openapi(patch, async (c) => {
    const { entity, id } = c.req.valid('param');
    const fields = c.req.valid('json');
    const value = await run(c.get('user').id as string, PATCH, 'records-patch', { entity, id, fields });
    return c.json(found(value, `PATCH /records/${entity}/${id}`), 200);
  });
  app.openapi(remove, async (c) => {
    const { entity, id } = c.req.valid('param');
    const value = await run(c.get('user').id as string, REMOVE, 'records-delete', { entity, id });
    return c.json(found(value, `DELETE /records/${entity}/${id}`), 200);
  });
}
