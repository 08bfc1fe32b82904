import { badRequest } from '@warden/sys-api';

/** A JSON object: what metadata holds. */
export type JsonObject = { [key: string]: unknown };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deepest nesting a patch or a result may have (a script cannot make the merge recurse far). */
export const MAX_JSON_DEPTH = 32;

/**
 * RFC 7396 JSON Merge Patch: `patch` applied to `target`, neither changed. An object patch merges
 * member by member (a `null` member removes it), anything else replaces the target. Keys are set
 * as own data properties, so `__proto__` in a patch is an ordinary key, never a prototype.
 */
export function mergePatch(target: unknown, patch: unknown, depth = 0): unknown {
  if (depth > MAX_JSON_DEPTH) throw new RangeError(`nested deeper than ${MAX_JSON_DEPTH} levels`);
  if (!isObject(patch)) return patch;
  const out: JsonObject = {};
  if (isObject(target)) {
    for (const key of Object.keys(target)) define(out, key, target[key]);
  }
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) delete out[key];
    else define(out, key, mergePatch(Object.hasOwn(out, key) ? out[key] : undefined, value, depth + 1));
  }
  return out;
}

function define(o: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Checks that `value` is a JSON object for a metadata part (or null, which clears it) whose
 * JSON text is at most `maxBytes` UTF-8 bytes; throws `badRequest` naming `fn` and `name`.
 */
export function jsonObjectArg(fn: string, name: string, value: unknown, maxBytes: number): JsonObject | null {
  if (value === null) return null;
  if (!isObject(value)) {
    const got = Array.isArray(value) ? 'an array' : typeof value;
    throw badRequest(`${fn}: ${name} must be a JSON object or null, got ${got}`);
  }
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    throw badRequest(`${fn}: ${name} must be plain JSON (no cycles or big integers)`);
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes)
    throw badRequest(`${fn}: ${name} is ${bytes} bytes of JSON, more than the ${maxBytes} allowed`);
  return JSON.parse(text) as JsonObject;
}
