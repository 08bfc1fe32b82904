/** Every error code a script or an embedder can see. One table for the whole project. */
export const ERROR_CODES = [
  'badRequest',
  'notFound',
  'validationErrors',
  'forbidden',
  'optimisticLocking',
  'timeout',
  'systemException',
  'unknownError',
  'javascriptException',
  'endpointException',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const known = new Set<string>(ERROR_CODES);

/** True when `code` is one of Warden's own error codes. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && known.has(code);
}
