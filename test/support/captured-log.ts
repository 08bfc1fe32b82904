/** A worker's stderr line as the runtime logs it: `warden worker <index>: <line>`. */
export const WORKER_LINE = /^warden worker \d+: /;

/**
 * A runtime logger that keeps what it is given, for suites whose scripts make workers write to
 * stderr (V8's out-of-memory report): the report is kept for the suite to assert instead of
 * landing in the middle of the test output. `others()` is everything else that was logged (a hook
 * or listener failure), which such a suite expects to be empty, so nothing real is hidden.
 */
export function capturedLog() {
  const lines: string[] = [];
  return {
    lines,
    logger: { error: (message: string) => void lines.push(message) },
    others: () => lines.filter((line) => !WORKER_LINE.test(line)),
  };
}
