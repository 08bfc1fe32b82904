import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { problem } from './problem-details.js';

/** How many requests one client address may make to the unauthenticated routes per window. */
export interface RateLimitOptions {
  /** Requests per window and address (default 20). */
  limit: number;
  /** The window in ms (default 60 s). */
  windowMs: number;
}

/** The client's address: the socket's peer (a proxy in front should pass `clientAddress`). */
export function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * A fixed-window limiter per client address and route (hono-rate-limiter's memory store) that answers
 * 429 with problem details and `RateLimit-*` headers. The users package still applies its own
 * per-email and per-address limits to reset requests behind it.
 */
export function unauthenticatedLimit(
  options: RateLimitOptions,
  clientAddress: (c: Context) => string,
): MiddlewareHandler {
  return rateLimiter({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    keyGenerator: (c) => `${clientAddress(c)} ${c.req.path}`,
    handler: (c) =>
      problem(
        c,
        429,
        'forbidden',
        `${c.req.method} ${c.req.path}: too many requests from this address, try later`,
      ),
  });
}
