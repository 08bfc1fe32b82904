// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// Deferred saves: while a run's body runs (enter sets saveBatchChars), sys.data.save queues its
// arguments and up to SAVE_BATCH of them cross to the host in one `data.saveMany` call. A queue is
// sent before any other host call or log, before the script touches a record it holds, and when
// the body ends, so nothing the script or the host can observe comes out of order. If a batch
// fails, the sandbox ends the run and runs the script again with every save sent at its call,
// where the script meets the error as it would have (docs/architecture.md, "Deferred saves").

/** Saves per crossing: past about 16 a bigger batch gains little (bench/README.md). */
const SAVE_BATCH = 64;

let deferredArgs = [];
let deferredRecords = [];
let deferredChars = 0;

/** Queues a save's arguments (JSON text); false when deferring is off or they do not fit a batch. */
function deferSave(record, argsJson) {
  if (argsJson.length > saveBatchChars) return false;
  if (deferredChars + argsJson.length > saveBatchChars) flushSaves();
  stateOf(record).pending = true;
  deferredArgs[deferredArgs.length] = argsJson;
  deferredRecords[deferredRecords.length] = record;
  deferredChars += argsJson.length + 1;
  if (deferredArgs.length === SAVE_BATCH) flushSaves();
  return true;
}

/** Sends the queued saves, if any, and gives each queued record its stored state. */
function flushSaves() {
  if (deferredArgs.length === 0) return;
  const args = deferredArgs;
  const records = deferredRecords;
  deferredArgs = [];
  deferredRecords = [];
  deferredChars = 0;
  const saved = exchange('data.saveMany', `[[${$join(args, ',')}]]`);
  if (!$isArray(saved) || saved.length !== records.length)
    throw fail('systemException', 'data.saveMany: the host sent an unreadable answer');
  for (let i = 0; i < records.length; i++) {
    stateOf(records[i]).pending = false;
    if (saved[i] !== null) assignWire(records[i], saved[i]);
  }
}

/** A record's state, once any save of it still queued has been sent (every state read goes through it). */
function settled(s) {
  if (deferredArgs.length !== 0 && s.pending === true) flushSaves();
  return s;
}
