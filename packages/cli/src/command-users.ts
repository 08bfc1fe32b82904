import { readFileSync } from 'node:fs';
import { type Runtime, WardenError } from '@warden/runtime';
import { parseFlags, UsageError } from './cli-args.js';
import { commandUsersAdmin, USER_ADMIN_SUBS } from './command-users-admin.js';
import { openRuntime } from './open-runtime.js';
import type { Output } from './output.js';
import { jsonLine, visible, visibleValue } from './terminal-text.js';

type RecordData = Awaited<ReturnType<Runtime['store']['findById']>> & {};

const STATUSES = ['ACTIVE', 'INACTIVE', 'BLOCKED'];
const iso = (ms: number) => new Date(ms).toISOString();

/** The password piped in: everything on stdin but one trailing newline. Never from argv. */
function passwordFromStdin(): string {
  const text = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (text.length === 0) throw new UsageError('users sign-in: no password on stdin');
  return text;
}

async function userByEmail(runtime: Runtime, sub: string, email: string): Promise<RecordData> {
  const user = await runtime.store.findOne('sys.users', email);
  if (!user) throw new WardenError('notFound', `users ${sub}: no user with email '${email}'`);
  return user;
}

const summary = (u: RecordData) => ({
  id: u.id,
  email: u.fields.email,
  name: u.label,
  status: u.fields.status,
  groups: Array.isArray(u.fields.groups) ? u.fields.groups.map((g) => (g as { group: string }).group) : [],
  expirationDate: typeof u.fields.expirationDate === 'number' ? iso(u.fields.expirationDate) : null,
});

function printUser(out: Output, user: RecordData, json: boolean): void {
  const s = summary(user);
  if (json) {
    out.line(jsonLine(s));
    return;
  }
  const extra = [
    s.groups.length ? `groups=${s.groups.join(',')}` : '',
    s.expirationDate ? `expires=${s.expirationDate}` : '',
  ];
  const cells = [s.email, String(s.status).padEnd(8), s.name, s.id, ...extra].filter(Boolean);
  out.line(cells.map(visibleValue).join('  '));
}

/** What each subcommand does once the runtime is open; returns the exit code. */
type Sub = (
  runtime: Runtime,
  out: Output,
  args: { email: string; password: string; values: Record<string, unknown> },
) => Promise<number>;

const SUBS: Record<string, Sub> = {
  async list(runtime, out, { values }) {
    const status = values.status as string | undefined;
    const users = await runtime.store.find('sys.users', status ? { status } : null);
    if (!users.length && values.json !== true) out.line('No users.');
    for (const user of users) printUser(out, user, values.json === true);
    return 0;
  },
  async show(runtime, out, { email, values }) {
    const user = await userByEmail(runtime, 'show', email);
    if (values.json === true) out.line(jsonLine(user));
    else
      for (const [key, value] of Object.entries(summary(user)))
        out.line(`${key}: ${visible(jsonLine(value))}`);
    return 0;
  },
  async 'sign-in'(runtime, out, { email, password, values }) {
    const result = await runtime.users.signIn(email, password);
    if (values.json === true) {
      out.line(jsonLine(result));
      return result.status === 'ok' ? 0 : 1;
    }
    if (result.status === 'passwordExpired') {
      out.line(`password expired: set a new one with reset code ${result.resetCode}`);
      return 1;
    }
    if (result.status === 'mfaRequired') {
      out.line('a second factor is required: complete the sign-in from the host (completeMfa)');
      return 1;
    }
    const s = result.session;
    out.line(`signed in: ${visible(email)} (${s.userId})`);
    out.line(`token: ${s.token}`);
    out.line(`refresh token: ${s.refreshToken}`);
    out.line(`expires: ${iso(s.expiresAt)}`);
    return 0;
  },
  block: async (runtime, out, { email }) =>
    status(out, await runtime.users.block(await userByEmail(runtime, 'block', email))),
  activate: async (runtime, out, { email }) =>
    status(out, await runtime.users.activate(await userByEmail(runtime, 'activate', email))),
  deactivate: async (runtime, out, { email }) =>
    status(out, await runtime.users.deactivate(await userByEmail(runtime, 'deactivate', email))),
  async reset(runtime, out, { email, values }) {
    const notify = values.notify === true;
    const result = await runtime.users.resetPassword(await userByEmail(runtime, 'reset', email), {
      notifyUser: notify,
    });
    out.line(visible(result.link));
    if (notify)
      out.line(`queued a reset mail to ${visible(result.userEmail)} (warden mail --deliver sends it now)`);
    return 0;
  },
  async sweep(runtime, out) {
    out.line(`expired: ${await runtime.users.sweepExpired()}`);
    return 0;
  },
};

function status(out: Output, user: RecordData): number {
  out.line(`${visibleValue(user.fields.email)}: ${visibleValue(user.fields.status)}`);
  return 0;
}

const NEEDS_EMAIL = new Set(['show', 'sign-in', 'block', 'activate', 'deactivate', 'reset']);

/** `warden users <list|show|sign-in|block|activate|deactivate|reset|sweep>`: account admin. */
export async function commandUsers(argv: string[], out: Output): Promise<number> {
  if (USER_ADMIN_SUBS.has(argv[0] ?? '')) return commandUsersAdmin(argv, out);
  const { values, positionals } = parseFlags(argv, {
    status: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    notify: { type: 'boolean' },
  });
  const [sub, email] = positionals;
  if (sub === undefined || !SUBS[sub]) {
    throw new UsageError(
      `users: expected one of ${[...Object.keys(SUBS), ...USER_ADMIN_SUBS].join(', ')}, got '${sub ?? ''}'`,
    );
  }
  const wanted = NEEDS_EMAIL.has(sub) ? 1 : 0;
  if (positionals.length - 1 !== wanted) {
    throw new UsageError(
      `users ${sub}: expected ${wanted ? 'one email' : 'no argument'}, got ${positionals.length - 1}`,
    );
  }
  if (values.status !== undefined && (sub !== 'list' || !STATUSES.includes(values.status as string))) {
    throw new UsageError(`users ${sub}: --status is for list and one of ${STATUSES.join(', ')}`);
  }
  if (sub === 'sign-in' && values['password-stdin'] !== true) {
    throw new UsageError(
      'users sign-in: pass --password-stdin and pipe the password (never on the command line)',
    );
  }
  // Read before opening anything, so an empty pipe costs nothing.
  const password = sub === 'sign-in' ? passwordFromStdin() : '';
  const runtime = await openRuntime({
    db: (values.db as string) ?? 'warden.db',
    app: values.app as string,
    adoptForeignDatabase: values['adopt-foreign-database'] === true,
    json: false,
  });
  try {
    return await SUBS[sub]!(runtime, out, { email: email ?? '', password, values });
  } finally {
    await runtime.close();
  }
}
