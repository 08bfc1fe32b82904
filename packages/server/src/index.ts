/**
 * @warden/server: Warden's optional HTTP API. `createServer(runtime)` returns a Hono app (mount its
 * `fetch` in any server, or route it under an existing Hono app); `listen(app)` serves it on Node.
 */

export { createServer, type ServerOptions, type WardenServer } from './create-server.js';
export { type Listening, listen } from './listen.js';
export type { ProblemDetails } from './problem-details.js';
export type { RateLimitOptions } from './rate-limits.js';
export type { AdminPolicy } from './request-auth.js';
export type { ScriptRouteOptions } from './routes-admin.js';
