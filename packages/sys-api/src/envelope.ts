import { isErrorCode } from './error-codes.js';
import type { FieldError } from './warden-error.js';
import { isWardenError } from './warden-error.js';

/** What crosses the bridge for every host call: plain data, never a host object or stack. */
export type Envelope =
  | { ok: true; value: unknown }
  | { ok: false; code: string; message: string; errors?: FieldError[]; info?: Record<string, unknown> };

/**
 * Turns any thrown value into a failure envelope. Only WardenErrors keep their message;
 * anything else is a host bug and is reported without its text, which may hold paths or SQL.
 */
export function errorEnvelope(error: unknown): Envelope & { ok: false } {
  if (isWardenError(error)) {
    const e = error as {
      code: string;
      message: string;
      errors?: FieldError[];
      info?: Record<string, unknown>;
    };
    const out: Envelope & { ok: false } = { ok: false, code: e.code, message: e.message };
    if (e.errors?.length) out.errors = e.errors;
    if (e.info && Object.keys(e.info).length) out.info = e.info;
    return out;
  }
  return { ok: false, code: 'unknownError', message: 'An internal error occurred while serving the call' };
}

export { isErrorCode };
