/** True when JSON.parse failed only because `prefix` stops early (the text goes on after it). */
function failsAtEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    return /end of JSON input|Unterminated/.test(message) || (at !== null && Number(at[1]) >= prefix.length);
  }
}

/**
 * The offset of the character JSON.parse stopped at: the position its message gives (Node 22 and
 * most Node 20 messages), else the shortest prefix that fails for a reason other than ending early.
 */
export function jsonErrorOffset(text: string, message: string): number {
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (/end of JSON input|Unterminated/.test(message)) return text.length;
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsAtEnd(text.slice(0, mid))) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** `name:line:column` (1-based) of a JSON.parse failure on `text`. */
export function jsonErrorLocation(name: string, text: string, message: string): string {
  const lines = text.slice(0, jsonErrorOffset(text, message)).split('\n');
  return `${name}:${lines.length}:${(lines.at(-1)?.length ?? 0) + 1}`;
}
