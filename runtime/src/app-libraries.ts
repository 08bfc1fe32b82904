import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { Script } from 'node:vm';
import { type FieldError, type LibrarySchema, WardenError } from '@warden/sys-api';

/** Largest library file read; a bigger one is refused before it is read. */
const MAX_LIBRARY_BYTES = 1024 * 1024;
/** `commons.stringUtils`: identifiers joined by dots, at most four deep. */
const NAME = /^[A-Za-z_$][\w$]{0,63}(\.[A-Za-z_$][\w$]{0,63}){0,3}$/;
const KEYS = new Set(['name', 'script', 'source']);

/**
 * Checks the `libraries` of an app definition (`[{name: 'commons.stringUtils', script:
 * 'libs/string-utils.js'}]`, or `source` instead of `script`) and reads their files, which must
 * stay inside `baseDir` (the app definition's folder) once symlinks are resolved. Every problem is
 * reported at once, with its path; messages show paths as written, never the host path.
 */
export function loadAppLibraries(raw: readonly unknown[], baseDir: string): LibrarySchema[] {
  const errors: FieldError[] = [];
  const out: LibrarySchema[] = [];
  const taken: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const item = raw[i];
    const path = `libraries[${i}]`;
    const add = (key: string, code: string, message: string) =>
      errors.push({ field: key ? `${path}.${key}` : path, code, message });
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      add('', 'type', 'must be an object');
      continue;
    }
    const lib = item as Record<string, unknown>;
    for (const key of Object.keys(lib)) if (!KEYS.has(key)) add(key, 'unknown', 'is not a library property');
    const name = lib.name;
    if (typeof name !== 'string' || !NAME.test(name) || name.split('.').some(isForbidden)) {
      add('name', 'invalid', 'must be identifiers joined by dots, such as commons.stringUtils');
    } else {
      // `a.b` cannot be a library and hold one (`a.b.c`) at once.
      const clash = taken.find((t) => t === name || t.startsWith(`${name}.`) || name.startsWith(`${t}.`));
      if (clash) add('name', 'duplicate', `'${name}' clashes with the library '${clash}'`);
      taken.push(name);
    }
    const source = sourceOf(lib, baseDir, add);
    if (source === null || typeof name !== 'string') continue;
    const syntax = syntaxError(source);
    if (syntax)
      add(lib.script === undefined ? 'source' : 'script', 'syntax', `'${name}' does not compile: ${syntax}`);
    else out.push({ name, source });
  }
  if (errors.length > 0) {
    const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new WardenError('badRequest', `createRuntime: invalid libraries: ${summary}`, { errors });
  }
  return out;
}

/** The folder script paths of an app definition are relative to: its file's, or the working folder. */
export const appFolder = (app: unknown) => (typeof app === 'string' ? dirname(app) : process.cwd());

/**
 * Where a library's source fails to compile (as the isolates wrap it; never run), or null. Only the
 * line is told: V8's message quotes the source, which a library file's author never meant to show.
 */
function syntaxError(source: string): string | null {
  try {
    new Script(`(function (exports, module) {${source}\n})`, { filename: 'library.js' });
    return null;
  } catch (error) {
    const line = /library\.js:(\d+)/.exec(String((error as Error)?.stack))?.[1];
    return line ? `a syntax error on line ${line}` : 'a syntax error';
  }
}

const isForbidden = (part: string) => part === '__proto__' || part === 'constructor' || part === 'prototype';

function sourceOf(
  lib: Record<string, unknown>,
  baseDir: string,
  add: (key: string, code: string, message: string) => void,
): string | null {
  if ((lib.script === undefined) === (lib.source === undefined)) {
    add('', 'invalid', 'needs exactly one of script and source');
    return null;
  }
  if (lib.source !== undefined) {
    if (typeof lib.source === 'string') return lib.source;
    add('source', 'type', 'must be a string');
    return null;
  }
  const script = lib.script;
  if (typeof script !== 'string' || script === '' || script.includes('\0') || isAbsolute(script)) {
    add('script', 'outsideApp', "must be a path relative to the app definition's folder");
    return null;
  }
  if (!script.endsWith('.js')) {
    add('script', 'invalid', 'must name a .js file');
    return null;
  }
  const root = resolve(baseDir);
  const shown = `'${script.length > 120 ? `${script.slice(0, 120)}…` : script}'`;
  if (!inside(root, resolve(root, script))) {
    add('script', 'outsideApp', `${shown} is outside the app definition's folder`);
    return null;
  }
  let fd: number | undefined;
  try {
    const real = realpathSync(resolve(root, script));
    // A symlink inside the folder may point anywhere: judge the file it ends at.
    if (!inside(realpathSync(root), real)) {
      add('script', 'outsideApp', `${shown} is outside the app definition's folder`);
      return null;
    }
    // O_NONBLOCK: a FIFO must not hang the load; it is refused below as not a regular file.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_LIBRARY_BYTES) {
      add('script', 'invalid', `${shown} is not a regular file of at most ${MAX_LIBRARY_BYTES} bytes`);
      return null;
    }
    return readFileSync(fd, 'utf8');
  } catch {
    add('script', 'notFound', `cannot read ${shown}`);
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}
