import type { Runtime } from '@warden/runtime';
import { createServer, listen } from '@warden/server';
import { parseFlags, UsageError } from './cli-args.js';
import { openRuntime } from './open-runtime.js';
import type { Output } from './output.js';
import { visible } from './terminal-text.js';

const ADMIN_GROUP = 'admins';

/** The admin's id: found by email, or created in the admin group (with a generated password). */
async function ensureAdmin(runtime: Runtime, email: string): Promise<{ id: string; created: boolean }> {
  const found = await runtime.store.findOne('sys.users', email);
  if (found) return { id: found.id as string, created: false };
  const made = await runtime.store.insert('sys.users', {
    email,
    firstName: 'Admin',
    lastName: '-',
    groups: [{ group: ADMIN_GROUP, primary: true }],
  });
  return { id: made.id as string, created: true };
}

/**
 * `warden serve`: opens the runtime (delivering events and running jobs), serves the HTTP API on
 * it and prints the URL and a one-time reset code for the first admin (created in `admins` when
 * missing): they complete it at `POST /auth/password-reset/complete`, then sign in. Runs until
 * SIGINT or SIGTERM, then closes the server and the runtime.
 */
export async function commandServe(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    admin: { type: 'string' },
    cors: { type: 'string', multiple: true },
  });
  if (positionals.length > 0)
    throw new UsageError(`serve takes no arguments, got '${positionals.join(' ')}'`);
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number, got '${values.port}'`);
  const runtime = await openRuntime(
    { db: (values.db as string) ?? 'warden.db', app: values.app as string, json: false },
    2,
    true,
  );
  try {
    const admin = await ensureAdmin(runtime, (values.admin as string) ?? 'admin@warden.local');
    const { resetCode } = await runtime.users.resetPassword(admin.id);
    const server = createServer(runtime, {
      admin: { group: ADMIN_GROUP },
      corsOrigins: (values.cors as string[] | undefined) ?? [],
    });
    const listening = await listen(server, { port, ...(values.host ? { host: values.host as string } : {}) });
    out.line(`Warden API on ${listening.url} (OpenAPI: ${listening.url}/openapi.json)`);
    out.line(
      `${admin.created ? 'Created' : 'Admin'} ${visible((values.admin as string) ?? 'admin@warden.local')}: one-time code to set a password:`,
    );
    out.line(
      `  curl -X POST ${listening.url}/auth/password-reset/complete -H 'content-type: application/json' \\`,
    );
    out.line(`    -d '{"code":"${resetCode}","password":"<new password>"}'`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await listening.close();
    return 0;
  } finally {
    await runtime.close();
  }
}
