import type { FieldError, WireRecord } from '@warden/sys-api';
import type { ScriptError } from './types.js';

/** The filename user code is compiled under; the bootstrap keeps only frames of this file. */
export const SCRIPT_URL = 'file:///script.js';

const MAX_TEXT = 16 * 1024;
const CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export type EnterResult =
  | { ok: true; value: unknown; records?: Record<string, WireRecord> }
  | { ok: false; error: ScriptError };

/**
 * Reads the JSON `enter` returned. It comes from inside the isolate, so it is untrusted: every field
 * is type-checked and capped, and anything malformed becomes an `unknownError`.
 */
export function parseEnterResult(json: unknown, file: string): EnterResult {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(json as string);
    if (!data || typeof data !== 'object') throw new Error();
  } catch {
    return { ok: false, error: { code: 'unknownError', message: 'The sandbox returned a malformed result' } };
  }
  if (data.ok === true) {
    const records = recordsOf(data.records);
    return records
      ? { ok: true, value: data.value ?? null, records }
      : { ok: true, value: data.value ?? null };
  }
  const error: ScriptError = {
    code: typeof data.code === 'string' && CODE.test(data.code) ? data.code : 'javascriptException',
    message: typeof data.message === 'string' ? cap(data.message) : 'The script failed',
    file,
  };
  const errors = fieldErrors(data.errors);
  if (errors.length) error.errors = errors;
  if (data.info && typeof data.info === 'object' && !Array.isArray(data.info)) {
    error.info = data.info as Record<string, unknown>;
  }
  if (isPosition(data.line)) error.line = data.line;
  if (isPosition(data.column)) error.column = data.column;
  if (typeof data.stack === 'string') error.stack = cap(data.stack).replaceAll(SCRIPT_URL, file);
  return { ok: false, error };
}

/** A syntax error of the user's code, located in the script's own lines. */
export function compileError(error: unknown, file: string): ScriptError {
  const raw = error instanceof Error ? error.message : '';
  // isolated-vm appends the location: `Unexpected token ';' [file:///script.js:3:9]`.
  const match = /^(.*) \[file:\/\/\/script\.js:(\d+):(\d+)\]$/s.exec(raw);
  const out: ScriptError = {
    code: 'javascriptException',
    message: `SyntaxError: ${withoutExcerpt(match?.[1])}`,
    file,
  };
  if (match) {
    out.line = Number(match[2]);
    out.column = Number(match[3]);
    out.stack = `${out.message}\n    at ${file}:${out.line}:${out.column}`;
  }
  return out;
}

/**
 * V8's compile message without the source text it quotes (`Unexpected identifier 'x'` →
 * `Unexpected identifier`): a script may come from a file its author never meant to show, so a
 * syntax error gives V8's reason and the line, never an excerpt.
 */
function withoutExcerpt(message: string | undefined): string {
  const fallback = 'the script could not be compiled';
  if (!message) return fallback;
  const text = message
    .replace(/^(Invalid regular expression): \/.*\/[a-z]*: /s, '$1: ')
    // Punctuation (`Unexpected token ';'`) is syntax, not content: it stays.
    .replace(/ ?'([^'\n]*)'/g, (all, quoted: string) => (/^[^\w\s'"`\\]{1,3}$/.test(quoted) ? all : ''))
    .trim();
  // Anything still quoting, or long enough to carry text of the script, is not V8's own wording.
  const bare = text.replace(/'[^\w\s'"`\\]{1,3}'/g, '');
  return text && text.length <= 120 && !/['"`/\n]/.test(bare) ? text : fallback;
}

/** Answered records keep their shape only; the embedder checks their values as it checks any input. */
function recordsOf(value: unknown): Record<string, WireRecord> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, WireRecord> = {};
  for (const [name, r] of Object.entries(value as Record<string, unknown>)) {
    if (!r || typeof r !== 'object' || Array.isArray(r)) continue;
    const { entity, id, version, label, fields } = r as Record<string, unknown>;
    if (typeof entity !== 'string' || !fields || typeof fields !== 'object' || Array.isArray(fields))
      continue;
    out[name] = {
      entity,
      id: typeof id === 'string' ? id : null,
      version: typeof version === 'number' ? version : 0,
      label: typeof label === 'string' ? label : null,
      fields: fields as Record<string, unknown>,
    };
  }
  return out;
}

function fieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((e) => e && typeof e === 'object')
    .slice(0, 1000)
    .map((e) => ({ field: text(e.field), code: text(e.code), message: text(e.message) }));
}

const text = (value: unknown) => (typeof value === 'string' ? cap(value) : '');
const cap = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s);
const isPosition = (n: unknown): n is number => Number.isInteger(n) && (n as number) > 0;
