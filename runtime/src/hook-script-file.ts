import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** A hook script file is read, or refused with a field error code and a message. */
export type HookScriptFile = { source: string } | { code: string; message: string };

/** Largest hook script file read; a bigger one is refused before it is read. */
export const MAX_HOOK_SCRIPT_BYTES = 1024 * 1024;

/**
 * Reads the script file of a hook declared in an app definition. The path must be relative, end in
 * `.js` and stay inside `baseDir` (the app definition's folder) once symlinks are resolved, and name
 * a regular file. Messages show the path as written, never the host path it resolves to, and never
 * the file's content.
 */
export function readHookScript(baseDir: string, script: string, hook: string): HookScriptFile {
  const as = `'${shown(script)}'${hook ? ` (hook '${hook}')` : ''}`;
  const refuse = (code: string, why: string) => ({ code, message: `${as} ${why}` });
  if (script.includes('\0') || isAbsolute(script) || /^[A-Za-z]:|^[\\/]/.test(script)) {
    return refuse('outsideApp', "is not a path relative to the app definition's folder");
  }
  const root = resolve(baseDir);
  if (!inside(root, resolve(root, script))) {
    return refuse('outsideApp', "is outside the app definition's folder");
  }
  if (!script.endsWith('.js')) return refuse('invalid', 'must name a .js file');
  let real: string;
  try {
    real = realpathSync(resolve(root, script));
  } catch {
    return { code: 'notFound', message: `cannot read ${as}` };
  }
  // A symlink inside the folder may point anywhere: judge the file it ends at.
  if (!inside(realpathSync(root), real))
    return refuse('outsideApp', "is outside the app definition's folder");
  let fd: number | undefined;
  try {
    // O_NONBLOCK: a FIFO must not hang the load; it is refused below as not a regular file.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return refuse('invalid', 'is not a regular file');
    if (stat.size > MAX_HOOK_SCRIPT_BYTES) {
      return refuse('tooLarge', `is larger than ${MAX_HOOK_SCRIPT_BYTES} bytes`);
    }
    return { source: readFileSync(fd, 'utf8') };
  } catch {
    return { code: 'notFound', message: `cannot read ${as}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** The path as written, capped and with control characters escaped. */
function shown(path: string): string {
  const text = path.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
