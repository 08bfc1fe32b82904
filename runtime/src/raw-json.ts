/**
 * The key under which a host op hands the sandbox's bridge an answer it already serialized: the
 * bridge splices the text into the envelope instead of stringifying a value (`Symbol.for`, so the
 * runtime and the sandbox agree on it without importing each other).
 */
const RAW_JSON = Symbol.for('warden.rawJson');

/** An op result that is already JSON text. */
export type RawJson = { readonly [RAW_JSON]: string };

export const rawJson = (text: string): RawJson => ({ [RAW_JSON]: text });
