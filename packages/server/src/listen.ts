import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { WardenServer } from './create-server.js';

/** A running HTTP server. */
export interface Listening {
  /** The base URL, such as `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
}

/** Serves the app on Node's HTTP server (`port` 0 picks a free one; `host` default 127.0.0.1). */
export function listen(
  app: WardenServer,
  options: { port?: number; host?: string } = {},
): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: host },
      (info: AddressInfo) => {
        const shown = host.includes(':') ? `[${host}]` : host;
        resolve({
          url: `http://${shown}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              if ('closeAllConnections' in server) server.closeAllConnections();
              server.close(() => done());
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
