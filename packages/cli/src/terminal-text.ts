/**
 * Text the CLI prints that scripts, users or mail put there (log messages, return values, error
 * messages, names, addresses) can hold control characters: an escape sequence would drive the
 * terminal, a newline would start a line that reads as Warden's own (`\n[ERROR] forged`). In text
 * output such characters are shown escaped, so one entry stays one visible line.
 */

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0 controls, DEL, C1 controls (CSI is U+009B), line and paragraph separators, and the bidi
// controls that reorder what a terminal shows (U+200E/F, U+202A–E, U+2066–9).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/** `text` with every control character written as an escape (`\n`, `\x1b`, `\u202e`). */
export function visible(text: string): string {
  return text.replace(
    UNSAFE,
    (c) => NAMED[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`),
  );
}

/** Any value as visible text: strings escaped, anything else stringified first. */
export const visibleValue = (value: unknown): string => visible(String(value));

/**
 * One JSON line. `JSON.stringify` escapes C0 controls but passes DEL, C1 controls and the Unicode
 * separators raw; they are written as `\u` escapes here, which parse back to the same value.
 */
export function jsonLine(value: unknown): string {
  const SPECIAL = /[\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
  return (JSON.stringify(value) ?? 'null').replace(SPECIAL, (c) => `\\u${hex(c, 4)}`);
}
