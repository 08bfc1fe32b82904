import { createRoute, type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Runtime } from '@warden/runtime';
import { bearer, errorResponses, jsonBody, jsonResponse } from './openapi-shared.js';
import { httpProblem } from './problem-details.js';
import { type AdminPolicy, isAdmin, type ServerEnv } from './request-auth.js';

const route = <R extends NonNullable<RouteConfig['request']>>(
  method: 'get' | 'post',
  path: string,
  tag: string,
  description: string,
  request: R = {} as R,
) =>
  createRoute({
    method,
    path,
    tags: [tag],
    description,
    security: bearer,
    request,
    responses: { 200: jsonResponse(description), ...errorResponses },
  });

const runScript = route(
  'post',
  '/scripts/run',
  'scripts',
  'Runs a script as the caller: value, logs and stats',
  {
    ...jsonBody(
      z.object({
        source: z
          .string()
          .min(1)
          .max(256 * 1024),
        params: z.record(z.string().regex(/^[A-Za-z_$][\w$]{0,99}$/), z.unknown()).optional(),
        entity: z.string().max(100).optional(),
        timeoutMs: z.number().int().min(1).max(60_000).optional(),
      }),
    ),
  },
);
const hookFailures = route(
  'get',
  '/admin/hook-failures',
  'admin',
  'Failed after-hooks and listeners, oldest first',
);
const outbox = route('get', '/admin/outbox', 'admin', 'The mail outbox', {
  query: z.object({
    state: z.enum(['pending', 'sending', 'sent', 'failed', 'dead']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  }),
});

/** Options of the script route. */
export interface ScriptRouteOptions {
  /** A permission that lets a non-admin run scripts (default `warden:scripts`). */
  permission: string;
  /** Upper bound of a run's wall time in ms (default 10 s). */
  maxTimeoutMs: number;
}

/**
 * `POST /scripts/run` (administrators, or holders of the script permission; the run is as the
 * caller, so their access rules apply) and the admin-only hook failures and outbox.
 */
export function adminRoutes(
  app: OpenAPIHono<ServerEnv>,
  runtime: Runtime,
  admin: AdminPolicy,
  scripts: ScriptRouteOptions,
) {
  app.openapi(runScript, async (c) => {
    const user = c.get('user');
    const allowed =
      (await isAdmin(runtime, user, admin)) ||
      (await runtime.users.hasPermission(user, scripts.permission).catch(() => false));
    if (!allowed)
      throw httpProblem(
        403,
        'forbidden',
        `POST /scripts/run: needs ${scripts.permission} or an administrator`,
      );
    const body = c.req.valid('json');
    const result = await runtime.run(body.source, {
      as: user.id as string,
      filename: 'api-script',
      timeoutMs: Math.min(body.timeoutMs ?? scripts.maxTimeoutMs, scripts.maxTimeoutMs),
      ...(body.params ? { params: body.params } : {}),
      ...(body.entity ? { entity: body.entity } : {}),
    });
    return c.json(result, 200);
  });
  app.openapi(hookFailures, (c) => c.json({ items: runtime.hooks.failures() }, 200));
  app.openapi(outbox, async (c) => {
    const { state, limit } = c.req.valid('query');
    return c.json({ items: await runtime.mail.list(state ? { state, limit } : { limit }) }, 200);
  });
}
