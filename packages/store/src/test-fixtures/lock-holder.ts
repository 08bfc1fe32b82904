// A process that takes one record lock and then blocks its main thread, as a worker running a
// long script does: argv = locks file, entity, id, lease ms. Prints `locked` once it holds it.
import { createRecordLocks } from '../record-locks.js';

const [file, entity, id, leaseMs] = process.argv.slice(2);
const locks = createRecordLocks(file!, 1000, { leaseMs: Number(leaseMs) });
if (locks.acquire(entity!, id!, 'child-run', 0) !== true) {
  process.stdout.write('busy\n');
  process.exit(1);
}
process.stdout.write('locked\n', () => {
  // The main thread stays busy until the process is killed: only the lease thread renews.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
});
