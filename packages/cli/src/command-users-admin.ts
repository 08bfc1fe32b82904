import { type Runtime, WardenError } from '@warden/runtime';
import { parseFlags, UsageError } from './cli-args.js';
import { openRuntime } from './open-runtime.js';
import type { Output } from './output.js';
import { createProgress } from './progress-report.js';
import { readJsonFile } from './read-json-file.js';
import { readNewPassword } from './read-password.js';

type RecordData = Awaited<ReturnType<Runtime['store']['findById']>> & {};
type Values = Record<string, unknown>;
interface NewUser {
  email: string;
  firstName: string;
  lastName: string;
  groups?: string[];
}

const FLAGS = {
  'first-name': { type: 'string' },
  'last-name': { type: 'string' },
  group: { type: 'string', multiple: true },
  add: { type: 'string', multiple: true },
  remove: { type: 'string', multiple: true },
  primary: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

async function userByEmail(runtime: Runtime, sub: string, email: string): Promise<RecordData> {
  const user = await runtime.store.findOne('sys.users', email);
  if (!user) throw new WardenError('notFound', `users ${sub}: no user with email '${email}'`);
  return user;
}

const groupsOf = (user: RecordData) =>
  ((user.fields.groups as { group: string; primary?: boolean }[] | undefined) ?? []).map(
    (g) => `${g.group}${g.primary ? ' (primary)' : ''}`,
  );

async function insertUser(runtime: Runtime, user: NewUser, password: string | null): Promise<RecordData> {
  const groups = (user.groups ?? []).map((group, i) => ({ group, primary: i === 0 }));
  return runtime.store.insert('sys.users', {
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    groups,
    sendWelcomeEmail: false,
    authentication: password
      ? { generatePassword: false, passwordExpired: false, password }
      : { generatePassword: false },
  });
}

/** Sets a password from the host: a reset code completed at once, so the group policy applies. */
async function setPassword(runtime: Runtime, user: RecordData, password: string): Promise<void> {
  const { resetCode } = await runtime.users.resetPassword(user, { notifyUser: false });
  await runtime.users.completePasswordReset(resetCode, password);
}

type Admin = (
  runtime: Runtime,
  out: Output,
  args: { email: string; values: Values; password: string | null },
) => number | Promise<number>;

const ADMIN: Record<string, { args: number; password?: 'optional' | 'required'; run: Admin }> = {
  create: {
    args: 1,
    password: 'optional',
    async run(runtime, out, { email, values, password }) {
      const first = values['first-name'] as string | undefined;
      const last = values['last-name'] as string | undefined;
      if (!first || !last) throw new UsageError('users create: --first-name and --last-name are required');
      const groups = (values.group as string[] | undefined) ?? [];
      const user = await insertUser(runtime, { email, firstName: first, lastName: last, groups }, password);
      out.line(`created ${email} (${user.id})`);
      if (!password)
        out.line(`no password yet; set one at ${(await runtime.users.resetPassword(user, {})).link}`);
      return 0;
    },
  },
  delete: {
    args: 1,
    async run(runtime, out, { email }) {
      await runtime.store.remove('sys.users', (await userByEmail(runtime, 'delete', email)).id!);
      out.line(`deleted ${email}`);
      return 0;
    },
  },
  'set-password': {
    args: 1,
    password: 'required',
    async run(runtime, out, { email, password }) {
      await setPassword(runtime, await userByEmail(runtime, 'set-password', email), password!);
      out.line(`${email}: password set`);
      return 0;
    },
  },
  groups: {
    args: 1,
    async run(runtime, out, { email, values }) {
      let user = await userByEmail(runtime, 'groups', email);
      const before = JSON.stringify(user.fields.groups ?? []);
      for (const g of (values.add as string[] | undefined) ?? [])
        user = await runtime.users.addGroup(user, g);
      for (const g of (values.remove as string[] | undefined) ?? [])
        user = await runtime.users.removeGroup(user, g);
      if (values.primary) user = await runtime.users.addGroup(user, values.primary as string, true);
      if (JSON.stringify(user.fields.groups ?? []) !== before)
        user = await runtime.store.update('sys.users', user);
      out.line(`${email}: ${groupsOf(user).join(', ') || 'no groups'}`);
      return 0;
    },
  },
  import: {
    args: 1,
    async run(runtime, out, { email: file }) {
      const list = readJsonFile(file, 'the users file');
      if (!Array.isArray(list)) throw new UsageError(`${file}: expected a JSON array of users`);
      const bar = createProgress('importing users', list.length);
      let failed = 0;
      for (const [i, item] of list.entries()) {
        try {
          await insertUser(runtime, item as NewUser, null);
        } catch (error) {
          const e = error as Error & { code?: string };
          failed++;
          out.error(`${file} [${i}] ${(item as NewUser)?.email ?? ''}: ${e.code ?? 'error'}: ${e.message}`);
        }
        bar.update(i + 1);
        // Lets the bar redraw between the (synchronous) inserts.
        if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
      }
      bar.finish(`imported ${list.length - failed} of ${list.length} users`);
      return failed ? 1 : 0;
    },
  },
};

/** The account-admin subcommands `warden users create|delete|set-password|groups|import`. */
export const USER_ADMIN_SUBS = new Set(Object.keys(ADMIN));

/** Runs one of USER_ADMIN_SUBS; `argv` starts with the subcommand. */
export async function commandUsersAdmin(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS);
  const [sub, arg] = positionals as [string, string | undefined];
  const spec = ADMIN[sub]!;
  if (positionals.length - 1 !== spec.args) {
    throw new UsageError(`users ${sub}: expected ${sub === 'import' ? 'one file' : 'one email'}`);
  }
  const stdin = values['password-stdin'] === true;
  if (stdin && !spec.password) throw new UsageError(`users ${sub}: --password-stdin is not an option here`);
  const askable = stdin || process.stdin.isTTY === true;
  const password =
    spec.password === 'required' || (spec.password === 'optional' && askable)
      ? await readNewPassword(`users ${sub}`, stdin)
      : null;
  const runtime = await openRuntime({
    db: (values.db as string) ?? 'warden.db',
    app: values.app as string,
    json: false,
  });
  try {
    return await spec.run(runtime, out, { email: arg ?? '', values, password });
  } finally {
    await runtime.close();
  }
}
