import type { MiddlewareHandler } from 'hono';
import { problem } from './problem-details.js';

/** Keys that would reach an object's prototype when a body is copied. */
const POISON = new Set(['__proto__', 'constructor', 'prototype']);

/** True when `value` holds a prototype-polluting key at any depth, or nests deeper than 64 levels. */
export function hasPoisonKey(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth > 64) return true;
  for (const key of Object.keys(value)) {
    if (POISON.has(key)) return true;
    if (hasPoisonKey((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/**
 * Refuses a JSON body holding `__proto__`, `constructor` or `prototype` keys (at any depth) with
 * a 400 problem. It must look at the parsed body before validation: copying an object (as schema
 * validation does) turns an own `__proto__` key into the copy's prototype, so the key would vanish
 * silently from what a route sees. Hono caches the parsed body for the validator; a body that is
 * not JSON is left to it.
 */
export function refusePoisonKeys(): MiddlewareHandler {
  return async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (c.req.method !== 'GET' && /^application\/(.+\+)?json\b/i.test(type)) {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return next();
      }
      if (hasPoisonKey(body))
        return problem(
          c,
          400,
          'badRequest',
          `${c.req.method} ${c.req.path}: the body must not hold __proto__, constructor or prototype keys, nor nest over 64 levels`,
        );
    }
    await next();
  };
}
