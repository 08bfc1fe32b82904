import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bootstrap's source files, in the order they are concatenated. They share one function
 * scope: each file only declares, and the last one publishes `sys`/`log` and defines `enter`.
 */
export const BOOTSTRAP_FILES: readonly string[] = [
  'intrinsics.js',
  'exceptions.js',
  'plain.js',
  'bridge.js',
  'schema.js',
  'values.js',
  'record.js',
  'record-json.js',
  'wrapper.js',
  'many-wrapper.js',
  'result-set.js',
  'query-builder.js',
  'query-criteria.js',
  'aggregate-builder.js',
  'data-args.js',
  'data.js',
  'users.js',
  'context.js',
  'logs.js',
  'enter.js',
];

/** The .js files live in src/bootstrap; a build in dist/bootstrap reads them from src. */
function sourceDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  if (existsSync(join(here, BOOTSTRAP_FILES[0]!))) return here;
  return join(here, '..', '..', 'src', 'bootstrap');
}

function readBootstrap(): string {
  const dir = sourceDir();
  const parts = BOOTSTRAP_FILES.map((file) => `// ---- ${file}\n${readFileSync(join(dir, file), 'utf8')}`);
  return `'use strict';\n${parts.join('\n')}\nreturn enter;\n`;
}

/**
 * The body of `function ($0, $1, $2) { ... }` that builds `sys` and `log` inside a fresh context
 * and returns `enter(runJson, userFn): string`. `$0` is the dispatch callback
 * `(op, argsJson) => envelopeJson`, `$1` the log callback `(level, message) => void`, `$2` the
 * app schema as JSON. See docs/architecture.md (@warden/sandbox) for the full contract.
 */
export const BOOTSTRAP_SOURCE: string = readBootstrap();
