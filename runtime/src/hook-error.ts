import type { ScriptError } from '@warden/sandbox';
import { WardenError } from '@warden/sys-api';

/** The file name a hook's errors show: `<name>.js`. */
export const hookFile = (name: string) => `${name}.js`;

/** `hook 'audit' failed: <message> (audit.js:3)`, with the hook's own code, errors and info. */
export function hookError(name: string, error: ScriptError): WardenError & { line?: number } {
  const where = error.line ? ` (${error.file ?? hookFile(name)}:${error.line})` : '';
  const out = new WardenError(error.code, `hook '${name}' failed: ${error.message}${where}`, {
    ...(error.errors?.length ? { errors: error.errors } : {}),
    info: { ...error.info, hook: name },
  }) as WardenError & { line?: number };
  if (error.line) out.line = error.line;
  return out;
}

/** The error of a hook past the depth limit: most likely a hook that triggers itself. */
export const depthError = (name: string, maxDepth: number) =>
  new WardenError(
    'badRequest',
    `hook '${name}' exceeded the hook depth limit of ${maxDepth} (a hook that triggers itself?)`,
    { info: { hook: name } },
  );
