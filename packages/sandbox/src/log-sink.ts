import type { LogEntry } from '@warden/sys-api';

/** Longest single log message kept (bytes); longer ones are cut with a marker. */
export const MAX_LOG_MESSAGE_BYTES = 64 * 1024;

const LEVELS = new Set<string>(['INFO', 'WARN', 'ERROR', 'DEBUG']);

/** The logs of one run, capped at `maxBytes` in total. */
export interface LogSink {
  readonly entries: LogEntry[];
  add(level: unknown, message: unknown): void;
}

/**
 * Keeps a run's logs. Past `maxBytes` in total it adds one truncation marker and drops the rest,
 * so a script that logs in a loop costs bounded memory.
 */
export function createLogSink(maxBytes: number): LogSink {
  const entries: LogEntry[] = [];
  const perMessage = Math.min(maxBytes, MAX_LOG_MESSAGE_BYTES);
  let used = 0;
  let full = false;

  return {
    entries,
    add(level, message) {
      if (full) return;
      const text = typeof message === 'string' ? message : String(message ?? '');
      const lvl = typeof level === 'string' && LEVELS.has(level) ? (level as LogEntry['level']) : 'INFO';
      const cut = truncate(text, perMessage);
      const bytes = Buffer.byteLength(cut);
      if (used + bytes > maxBytes) {
        full = true;
        entries.push({
          level: 'WARN',
          message: `[log limit of ${maxBytes} bytes reached; later logs dropped]`,
          time: Date.now(),
        });
        return;
      }
      used += bytes;
      entries.push({ level: lvl, message: cut, time: Date.now() });
    },
  };
}

/** Cuts `text` to at most `max` UTF-8 bytes (plus a marker) without splitting a character. */
export function truncate(text: string, max: number): string {
  if (text.length <= max / 3 || (text.length <= max && Buffer.byteLength(text) <= max)) return text;
  let cut = Buffer.from(text.slice(0, max)).subarray(0, max).toString();
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}… [truncated ${text.length - cut.length} chars]`;
}
