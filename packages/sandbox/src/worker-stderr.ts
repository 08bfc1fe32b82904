import type { Readable } from 'node:stream';

/**
 * Receives a worker process's stderr one line at a time (without its line break), with the index
 * of the worker's slot in the pool. What arrives there: V8's reports when an isolate's heap runs
 * out, a worker host module that failed to load, anything the host module itself writes.
 */
export type WorkerStderrSink = (line: string, worker: number) => void;

/** Where a worker's stderr goes: this process's own stderr as it comes, or a sink. */
export type WorkerStderr = 'inherit' | WorkerStderrSink;

/** A line longer than this is passed on in pieces, so that a worker cannot grow the buffer. */
const MAX_LINE_CHARS = 16 * 1024;

/**
 * Reads `stream` (a worker's piped stderr) and calls `sink` once per non-blank line. A sink that
 * throws loses that line and no more: it runs in a stream event, where an error would end the
 * embedder's process.
 */
export function forwardStderrLines(stream: Readable, worker: number, sink: WorkerStderrSink): void {
  let partial = '';
  const emit = (line: string) => {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim() === '') return;
    try {
      sink(text, worker);
    } catch {
      // The sink's own failure; the worker's output is not worth the embedder's process.
    }
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    partial += chunk;
    let end = partial.indexOf('\n');
    while (end !== -1) {
      emit(partial.slice(0, end));
      partial = partial.slice(end + 1);
      end = partial.indexOf('\n');
    }
    while (partial.length > MAX_LINE_CHARS) {
      emit(partial.slice(0, MAX_LINE_CHARS));
      partial = partial.slice(MAX_LINE_CHARS);
    }
  });
  stream.on('end', () => {
    emit(partial);
    partial = '';
  });
  stream.on('error', () => {}); // the pipe of a killed worker; its exit is reported elsewhere
}
