import type { ErrorCode } from './error-codes.js';

/** One field that failed validation; `field` is the full path, e.g. `addresses[1].zipCode`. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface WardenErrorOptions {
  /** Per-field problems, for `validationErrors`. */
  errors?: FieldError[];
  /** Extra JSON-safe details a script may read with `sys.exceptions.getAdditionalInfo`. */
  info?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error type of Warden. Scripts see it as `sys.exceptions.ScriptException`;
 * embedders catch it from every host API. `message` never carries host paths or SQL.
 */
export class WardenError extends Error {
  override name = 'WardenError';
  readonly code: string;
  readonly errors: FieldError[];
  readonly info: Record<string, unknown>;

  constructor(code: ErrorCode | (string & {}), message: string, options: WardenErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.errors = options.errors ?? [];
    this.info = options.info ?? {};
  }

  toJSON(): { code: string; message: string; errors: FieldError[]; info: Record<string, unknown> } {
    return { code: this.code, message: this.message, errors: this.errors, info: this.info };
  }
}

/** True for a WardenError, also one rebuilt from another realm (worker or isolate). */
export function isWardenError(value: unknown): value is WardenError {
  return value instanceof WardenError || (value instanceof Error && value.name === 'WardenError');
}

export const badRequest = (message: string, info?: Record<string, unknown>) =>
  new WardenError('badRequest', message, info ? { info } : {});

export const notFound = (message: string, info?: Record<string, unknown>) =>
  new WardenError('notFound', message, info ? { info } : {});

export const validationErrors = (errors: FieldError[], message?: string) =>
  new WardenError(
    'validationErrors',
    message ?? `Validation failed: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    { errors },
  );
