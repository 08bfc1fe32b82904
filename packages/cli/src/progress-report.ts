import { progress } from '@clack/prompts';

/** Progress of a long operation: a bar on a terminal, plain lines otherwise (pipes, CI, logs). */
export interface ProgressReport {
  /** `done` items of `total` finished. */
  update(done: number): void;
  /** Ends the report with a closing message. */
  finish(message: string): void;
}

/** Where progress goes: stderr, so that stdout stays the command's result. */
export interface ProgressTarget {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A bar (@clack/prompts' `progress`) when `target` is a terminal; otherwise a line per tenth of the
 * work (`label: 40/100`), so a log shows the operation moving without a line per item.
 */
export function createProgress(
  label: string,
  total: number,
  target: ProgressTarget = process.stderr,
): ProgressReport {
  if (target.isTTY && total > 0) {
    const bar = progress({ max: total, output: target as NodeJS.WriteStream });
    bar.start(label);
    let shown = 0;
    return {
      update(done) {
        if (done > shown) bar.advance(done - shown, `${label} ${done}/${total}`);
        shown = Math.max(shown, done);
      },
      finish: (message) => bar.stop(message),
    };
  }
  const step = Math.max(1, Math.ceil(total / 10));
  let next = step;
  return {
    update(done) {
      if (done > total || (done < next && done !== total)) return;
      target.write(`${label}: ${done}/${total}\n`);
      next = (Math.floor(done / step) + 1) * step;
    },
    finish: (message) => target.write(`${message}\n`),
  };
}
