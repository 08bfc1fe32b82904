import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

/**
 * Reads a script named by an app definition, relative to the definition's folder and confined to
 * it: an absolute path, a `..` that leaves the folder, or a link that points outside it is refused.
 * Returns the text, or the reason (naming the path as written, never the folder it resolves in).
 */
export function readConfinedScript(baseDir: string, path: string): { source: string } | { problem: string } {
  if (isAbsolute(path)) return { problem: `'${path}' must be relative to the app definition's folder` };
  let root: string;
  let file: string;
  try {
    root = realpathSync(baseDir);
    file = realpathSync(resolve(baseDir, path));
  } catch {
    return { problem: `cannot read '${path}'` };
  }
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    return { problem: `'${path}' is outside the app definition's folder` };
  }
  try {
    return { source: readFileSync(file, 'utf8') };
  } catch {
    return { problem: `cannot read '${path}'` };
  }
}
