import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppSchema } from '@warden/sys-api';

/** The name V8 gives the bootstrap's frames: stacks shown to scripts drop them. */
export const BOOTSTRAP_FILENAME = 'warden:bootstrap';

// The files share one function scope and only declare. The first captures the builtins before any
// user code runs; the middle ones run inside `build()`, on the first use of `sys` or `log`; the
// last publishes them and defines `enter`, which the bootstrap returns.
const EAGER_HEAD = ['intrinsics.js'];
const BUILT = [
  'exceptions.js',
  'plain.js',
  'bridge.js',
  'schema.js',
  'values.js',
  'record.js',
  'audit-logs.js',
  'save-queue.js',
  'record-json.js',
  'value-format.js',
  'wrapper.js',
  'typed-wrappers.js',
  'many-wrapper.js',
  'result-set.js',
  'query-builder.js',
  'query-criteria.js',
  'aggregate-builder.js',
  'data-args.js',
  'jobs.js',
  'data.js',
  'users.js',
  'context.js',
  'logs.js',
  'utils-text.js',
  'utils-numbers.js',
  'utils-time.js',
  'utils.js',
  'ui.js',
  'libraries.js',
  'sys.js',
];
const EAGER_TAIL = ['enter.js'];

/** The bootstrap's source files, in the order they are assembled. */
export const BOOTSTRAP_FILES: readonly string[] = [...EAGER_HEAD, ...BUILT, ...EAGER_TAIL];

/** The bootstrap's body from its files' texts (`read(file)`): what BOOTSTRAP_SOURCE is made of. */
export function assembleBootstrap(read: (file: string) => string): string {
  const part = (file: string) => `// ---- ${file}\n${read(file)}`;
  return [
    "'use strict';",
    `const BOOTSTRAP_FILE = ${JSON.stringify(BOOTSTRAP_FILENAME)};`,
    ...EAGER_HEAD.map(part),
    'function build() {',
    ...BUILT.map(part),
    'return API;',
    '}',
    ...EAGER_TAIL.map(part),
    'return enter;',
    '',
  ].join('\n');
}

/** The .js files live in src/bootstrap; a build in dist/bootstrap reads them from src. */
function sourceDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  if (existsSync(join(here, BOOTSTRAP_FILES[0]!))) return here;
  return join(here, '..', '..', 'src', 'bootstrap');
}

function readBootstrap(): string {
  const dir = sourceDir();
  return assembleBootstrap((file) => readFileSync(join(dir, file), 'utf8'));
}

/**
 * The body of `function ($0, $1, $2, ...libraries) { ... }` that publishes `sys` and `log` (built
 * on first use) inside a fresh context and returns `enter(runJson, userFn): string`. `$0` is the
 * dispatch callback `(op, argsJson) => envelopeJson`, `$1` the log callback `(level, message) =>
 * void`, `$2` the app schema as `encodeBootstrapSchema` writes it; the arguments after it are the
 * app libraries' functions `(exports, module) => void`, in the schema's order, which publish `app`. See docs/architecture.md (@warden/sandbox) for
 * the full contract.
 */
export const BOOTSTRAP_SOURCE: string = readBootstrap();

/**
 * The schema as the bootstrap takes it: a first line of JSON with everything but the entities, then
 * one line per entity, `name<TAB>schema JSON`. A fresh context splits the lines and parses an
 * entity only when a script first uses it, so the entities a run does not use cost it next to
 * nothing (one JSON document, even of nested texts, would be parsed whole, escapes and all).
 */
export function encodeBootstrapSchema(schema: AppSchema): string {
  // Libraries' sources are compiled apart (isolate-slot.ts): the bootstrap needs only their names.
  const { entities, libraries, ...rest } = schema;
  const names = libraries?.length ? { libraries: libraries.map((l) => l.name) } : {};
  const lines = [JSON.stringify({ ...rest, ...names })];
  for (const [name, entity] of Object.entries(entities)) {
    // App definitions allow identifiers only; JSON text never holds a raw tab or newline.
    if (/[\t\n]/.test(name)) throw new Error(`entity name ${JSON.stringify(name)} holds a tab or a newline`);
    lines.push(`${name}\t${JSON.stringify(entity)}`);
  }
  return lines.join('\n');
}
