/** Where a progress bar draws: a terminal stream (stderr by default). */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A progress bar over a known total (bytes of a file, records of an entity). */
export interface ProgressBar {
  /** Redraws with `done` of the total and a short note (rows, errors); at most every 100 ms. */
  update(done: number, note?: string): void;
  /** Draws the final state and ends the line. */
  finish(note?: string): void;
}

const WIDTH = 30;

/**
 * A one-line bar redrawn in place (`\r`) on a terminal; off a terminal (a pipe, a log file, a
 * test) it writes nothing until `finish`, which prints one line, so logs stay readable.
 */
export function createProgressBar(
  total: number,
  stream: ProgressStream = process.stderr,
  label = '',
): ProgressBar {
  let last = 0;
  let drawn = false;
  const line = (done: number, note: string) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const fill = Math.round(ratio * WIDTH);
    const pct = `${Math.floor(ratio * 100)}`.padStart(3);
    return `${label}[${'#'.repeat(fill)}${'-'.repeat(WIDTH - fill)}] ${pct}%${note ? `  ${note}` : ''}`;
  };
  return {
    update(done, note = '') {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      drawn = true;
      stream.write(`\r${line(done, note)}\u001b[K`);
    },
    finish(note = '') {
      stream.write(`${drawn ? '\r' : ''}${line(total, note)}${stream.isTTY ? '\u001b[K' : ''}\n`);
    },
  };
}
