import { isWardenError } from '@warden/runtime';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An RFC 9457 problem details body, with the Warden error code and field errors. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The Warden error code (`badRequest`, `forbidden`, `notFound`, …). */
  code: string;
  errors?: { field: string; code: string; message: string }[];
}

const STATUS_OF_CODE: Record<string, ContentfulStatusCode> = {
  badRequest: 400,
  validationErrors: 422,
  forbidden: 403,
  notFound: 404,
  optimisticLocking: 409,
  timeout: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Writes a problem details response (`application/problem+json`). */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  detail: string,
  errors?: ProblemDetails['errors'],
): Response {
  const body: ProblemDetails = {
    type: `urn:warden:error:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json' });
}

/**
 * The problem for a thrown value: a WardenError keeps its code and message (which name the call,
 * never SQL or a host path); anything else is a 500 `systemException` without its message.
 */
export function problemOf(c: Context, error: unknown): Response {
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return problem(
      c,
      status,
      status === 413 || status < 500 ? 'badRequest' : 'systemException',
      error.message,
    );
  }
  if (error instanceof Error && error.name === 'HttpProblem') {
    const { status, code, message } = error as HttpProblem;
    return problem(c, status, code, message);
  }
  if (isWardenError(error)) {
    const status = STATUS_OF_CODE[error.code] ?? 500;
    return problem(c, status, error.code, error.message, error.errors);
  }
  return problem(c, 500, 'systemException', 'the server failed to answer this request');
}

/** An error that becomes a problem details response with this status (thrown from a handler). */
export interface HttpProblem extends Error {
  status: ContentfulStatusCode;
  code: string;
}

/** Makes an `HttpProblem` to throw. */
export function httpProblem(status: ContentfulStatusCode, code: string, detail: string): HttpProblem {
  return Object.assign(new Error(detail), { name: 'HttpProblem', status, code });
}
