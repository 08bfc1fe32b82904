// HTTP API throughput against the host API, same process, same run:
//   node --no-node-snapshot --conditions=@warden/source --import tsx bench/tools/http-api.ts [--seconds N]
// Sign-in (POST /auth/sign-in vs runtime.users.signIn) and a record read as a user with access
// rules (GET /records/tickets/:id vs runtime.run of the same script with `as`; runtime.store.findById
// for reference). autocannon drives loopback from a worker thread; the host loops keep the same
// number of calls in flight.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime } from '@warden/runtime';
import { createServer, listen } from '@warden/server';
import autocannon from 'autocannon';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1] || 5);
const CONNECTIONS = 8;
const PASSWORD = 'Correct-horse-1';
const APP = join(import.meta.dirname, '..', '..', 'scripts-examples', 'help-desk', 'app.json');
const GET = 'return sys.data.findById(entity, id);';

/** Calls per second of `call` with CONNECTIONS in flight for `seconds`. */
async function hostRate(call: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const lane = async () => {
    while (performance.now() < end) {
      await call();
      done++;
    }
  };
  const t = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, lane));
  return done / ((performance.now() - t) / 1000);
}

/** Requests per second over HTTP (non-2xx counted as errors and reported). */
async function httpRate(options: autocannon.Options): Promise<number> {
  const result = await autocannon({ connections: CONNECTIONS, duration: seconds, workers: 1, ...options });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${options.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const dir = mkdtempSync(join(tmpdir(), 'warden-bench-http-'));
const runtime = await createRuntime({
  database: join(dir, 'app.db'),
  app: APP,
  executor: { workers: 2 },
  mail: { dispatch: false },
});
try {
  const user = await runtime.store.insert('sys.users', {
    firstName: 'Ann',
    lastName: 'X',
    email: 'ann@desk.io',
    authentication: { generatePassword: false, passwordExpired: false, password: PASSWORD },
    groups: [{ group: 'agents', primary: true }],
  });
  const team = await runtime.store.insert('teams', { name: 'red' });
  const ticket = await runtime.store.insert('tickets', { title: 't', assignee: user.id, team: team.id });
  const server = await listen(createServer(runtime, { rateLimit: { limit: 1e9 } }));
  const signed = (await runtime.users.signIn('ann@desk.io', PASSWORD)) as { session: { token: string } };
  const body = JSON.stringify({ email: 'ann@desk.io', password: PASSWORD });
  const params = { entity: 'tickets', id: ticket.id };

  const rows: [string, number, number][] = [];
  // Reads first: sign-ins leave scrypt work queued on libuv's pool after autocannon stops.
  const readAs = () => runtime.run(GET, { as: user.id as string, params });
  await Promise.all(Array.from({ length: 50 }, readAs)); // warm the workers' isolates
  const storeRead = await hostRate(() => runtime.store.findById('tickets', ticket.id as string));
  const readHost = await hostRate(readAs);
  const readHttp = await httpRate({
    url: `${server.url}/records/tickets/${ticket.id}`,
    headers: { authorization: `Bearer ${signed.session.token}` },
  });
  rows.push(['record read as the user (run with access rules)', readHttp, readHost]);
  const signInHost = await hostRate(() => runtime.users.signIn('ann@desk.io', PASSWORD));
  const signInHttp = await httpRate({
    url: `${server.url}/auth/sign-in`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  rows.push(['sign-in (scrypt, default cost)', signInHttp, signInHost]);
  await server.close();

  console.log(`HTTP API vs host API, ${CONNECTIONS} in flight, ${seconds} s each, one process\n`);
  console.log('| call | HTTP req/s | host calls/s | HTTP / host |\n|---|---|---|---|');
  for (const [name, http, host] of rows)
    console.log(
      `| ${name} | ${http.toFixed(0)} | ${host.toFixed(0)} | ${((http / host) * 100).toFixed(0)}% |`,
    );
  console.log(`\nreference: runtime.store.findById (no run, no access rules): ${storeRead.toFixed(0)}/s`);
} finally {
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
}
