import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { PgError, SyncConnection, SyncResult } from './sync-connection.js';
import { textParam } from './sync-connection.js';

/** Options of `openDriverThread`. */
export interface DriverThreadOptions {
  /** Longest wait for one answer before the thread is ended and the call fails; default 120000 ms. */
  answerTimeoutMs?: number;
}

// The thread runs the async `pg` driver; each answer is posted on the port, then the flag is
// raised, so the caller (blocked in Atomics.wait) can take it with receiveMessageOnPort.
const THREAD_SOURCE = `
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const { port, flag, url } = workerData;
const signal = new Int32Array(flag);
const client = new pg.Client({ connectionString: url });
const answer = (message) => { port.postMessage(message); Atomics.store(signal, 0, 1); Atomics.notify(signal, 0); };
const failure = (e) => ({ error: { message: String(e && e.message), code: e && e.code, constraint: e && e.constraint } });
let ready = client.connect().then(() => client.query('SELECT pg_backend_pid() AS pid'))
  .then((r) => answer({ rows: r.rows, rowCount: 1 }), (e) => answer(failure(e)));
port.on('message', ({ text, params }) => {
  ready = ready.then(() => client.query({ text, values: params }))
    .then((r) => answer({ rows: r.rows, rowCount: r.rowCount ?? 0 }), (e) => answer(failure(e)));
});
client.on('error', () => {});
`;

const pgPath = createRequire(import.meta.url).resolve('pg');

/**
 * A synchronous connection through a driver thread: a `node:worker_threads` thread runs the `pg`
 * driver, and the caller blocks on `Atomics.wait` until the thread posts the answer. The caller's
 * thread does no I/O while it waits; a thread that does not answer in time is ended.
 */
export function openDriverThread(url: string, options: DriverThreadOptions = {}): SyncConnection {
  const timeoutMs = options.answerTimeoutMs ?? 120_000;
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  const signal = new Int32Array(flag);
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { port: port2, flag, url, pgPath },
    transferList: [port2],
  });
  worker.unref();
  let closed = false;

  function take<R>(): SyncResult<R> {
    if (Atomics.wait(signal, 0, 0, timeoutMs) === 'timed-out') {
      close();
      throw new Error(`the database driver thread gave no answer within ${timeoutMs} ms`);
    }
    Atomics.store(signal, 0, 0);
    const message = receiveMessageOnPort(port1)?.message as
      | SyncResult<R>
      | { error: { message: string; code?: string; constraint?: string } };
    if (!message) throw new Error('the database driver thread answered nothing');
    if ('error' in message) throw Object.assign(new Error(message.error.message), message.error) as PgError;
    return message;
  }

  function close(): void {
    if (closed) return;
    closed = true;
    port1.close();
    void worker.terminate();
  }

  const backendPid = Number(take<{ pid: number }>().rows[0]?.pid);
  return {
    backendPid,
    query<R>(text: string, params: readonly unknown[] = []) {
      if (closed) throw new Error('the database connection is closed');
      port1.postMessage({ text, params: params.map(textParam) });
      return take<R>();
    },
    close,
  };
}
