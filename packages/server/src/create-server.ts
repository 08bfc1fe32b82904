import { OpenAPIHono } from '@hono/zod-openapi';
import type { Runtime } from '@warden/runtime';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { refusePoisonKeys } from './poison-keys.js';
import { problem, problemOf } from './problem-details.js';
import { type RateLimitOptions, socketAddress, unauthenticatedLimit } from './rate-limits.js';
import { type AdminPolicy, requireAdmin, requireUser, type ServerEnv } from './request-auth.js';
import { adminRoutes, type ScriptRouteOptions } from './routes-admin.js';
import { authRoutes } from './routes-auth.js';
import { recordRoutes } from './routes-records.js';
import { userRoutes } from './routes-users.js';

/** Options of `createServer`; every one has a default. */
export interface ServerOptions {
  /** Who may use the admin routes (default: permission `warden:admin`, or group `admins`). */
  admin?: Partial<AdminPolicy>;
  /** Who may run scripts besides administrators, and how long a run may take. */
  scripts?: Partial<ScriptRouteOptions>;
  /** Per-address limit on every unauthenticated route (default 20 per minute). */
  rateLimit?: Partial<RateLimitOptions>;
  /** Origins allowed by CORS (default none: same-origin only); `'*'` for any. */
  corsOrigins?: string[] | '*';
  /** Largest request body in bytes (default 1 MiB): larger ones get 413. */
  maxBodyBytes?: number;
  /** The client address for rate limits (default the socket's peer; behind a proxy, read its header). */
  clientAddress?: (c: Context) => string;
  /** Wall time of a record route's run in ms (default 10 s). */
  recordTimeoutMs?: number;
}

/** The HTTP API app: mount `app.fetch` (or `app` under a Hono route), or `listen` it. */
export type WardenServer = OpenAPIHono<ServerEnv>;

/**
 * Builds the HTTP API over a runtime. Routes validate their input with zod schemas, from which
 * `/openapi.json` is generated; errors are RFC 9457 problem details carrying the Warden code.
 * Authentication is by bearer session token only (no cookies), so a cross-site form post carries
 * no credentials and CSRF does not apply; CORS admits only the configured origins.
 */
export function createServer(runtime: Runtime, options: ServerOptions = {}): WardenServer {
  const admin: AdminPolicy = { permission: 'warden:admin', group: 'admins', ...options.admin };
  const scripts: ScriptRouteOptions = {
    permission: 'warden:scripts',
    maxTimeoutMs: 10_000,
    ...options.scripts,
  };
  const limit: RateLimitOptions = { limit: 20, windowMs: 60_000, ...options.rateLimit };
  const clientAddress = options.clientAddress ?? socketAddress;
  const maxBytes = options.maxBodyBytes ?? 1024 * 1024;

  const app = new OpenAPIHono<ServerEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const errors = result.error.issues.map((i) => ({
        field: i.path.join('.'),
        code: i.code,
        message: i.message,
      }));
      const first = errors[0];
      return problem(
        c,
        400,
        'badRequest',
        `${c.req.method} ${c.req.routePath}: ${first ? `${first.field || 'body'}: ${first.message}` : 'bad input'}`,
        errors,
      );
    },
  });
  app.onError((error, c) => problemOf(c, error));
  app.notFound((c) => problem(c, 404, 'notFound', `${c.req.method} ${c.req.path}: no such route`));

  const origins = options.corsOrigins ?? [];
  app.use(
    '*',
    cors({
      origin: origins === '*' ? '*' : (origin) => (origins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type'],
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
      maxAge: 600,
    }),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: maxBytes,
      onError: (c) =>
        problem(c, 413, 'badRequest', `${c.req.method} ${c.req.path}: the body is over ${maxBytes} bytes`),
    }),
  );
  app.use('*', refusePoisonKeys());
  const limited = unauthenticatedLimit(limit, clientAddress);
  for (const path of ['/auth/sign-in', '/auth/refresh', '/auth/password-reset/*', '/openapi.json'])
    app.use(path, limited);

  const user = requireUser(runtime);
  const adminOnly = requireAdmin(runtime, admin);
  for (const path of ['/users', '/users/*', '/admin/*']) app.use(path, user, adminOnly);
  for (const path of ['/records/*', '/scripts/*']) app.use(path, user);

  authRoutes(app, runtime, clientAddress);
  userRoutes(app, runtime);
  recordRoutes(app, runtime, options.recordTimeoutMs ?? 10_000);
  adminRoutes(app, runtime, admin, scripts);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'Warden HTTP API', version: '0.1.0' } });
  return app;
}
