import type { WorkerHost } from '../types.js';

/** A worker host whose factory fails, as a misconfigured embedder's would. */
export default function createWorkerHost(): WorkerHost {
  throw new Error('cannot open /secret/host/path/app.db');
}
