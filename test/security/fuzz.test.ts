import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, isWardenError } from '@warden/runtime';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, EXAMPLE_APP, type TestRuntime } from '../support/test-runtime.js';
import { type Fuzz, fuzzValue, toHost, toSource } from './fuzz-values.js';
import { CONTAINED_CODES, report, scale } from './security-kit.js';

// Random hostile arguments to every sys.* function (from scripts) and every host API entry: each
// call succeeds or throws a WardenError with a known code (never unknownError, never a raw
// TypeError), nothing pollutes Object.prototype, and a failed call writes nothing.
const SCRIPT_RUNS = scale(80, 800);
const CALLS_PER_RUN = 12;
const HOST_CASES = scale(1000, 10_000);
const CONFIG_CASES = scale(60, 400);

const TEMPLATES = [
  'sys.data.findById($0, $1)',
  "sys.data.findById('companies', $0)",
  'sys.data.find($0, $1).toArray()',
  "sys.data.find('companies', $0).toArray()",
  "sys.data.findOne('companies', $0)",
  'sys.data.findOne($0, $1)',
  "sys.data.count('companies', $0)",
  'sys.data.count($0, $1)',
  "sys.data.aggregate('companies', $0).toArray()",
  'sys.data.aggregate($0, $1)',
  "sys.data.delete('companies', $0)",
  'sys.data.delete($0, $1, $2)',
  'sys.data.save(rec($0), $1)',
  'sys.data.save($0, $1)',
  'sys.data.createRecord($0)',
  'rec({}).field($0).val($1)',
  "var r = rec({ name: 'f' + Math.random() }); r.field($0).val($1); sys.data.save(r)",
  'sys.data.remove($0)',
  'sys.data.refresh($0)',
  'rec($0).toJson($1)',
  'rec({}).fromJson($0)',
  "sys.data.save(sys.data.createRecord('companies').fromJson(rec($0).toJson()))",
  "rec({ employees: 1234567 }).field('employees').format($0)",
  "rec({ employees: 255 }).field('employees').toHex()",
  "rec({ since: '2020-02-29' }).field('since').format($0)",
  "rec({ since: '2020-02-29' }).field('since').addDays($0)",
  "var u = user(); u.field('expirationDate').val($0); u.field('expirationDate').format($1, $2)",
  'var u = user(); u.lock($0); u.unlock()',
  'rec($0).lock()',
  'rec($0).unlock()',
  "sys.data.lockById('companies', $0, $1)",
  'sys.data.tryLockById($0, $1, $2)',
  'sys.data.unlockById($0, $1)',
  "sys.data.find(sys.data.createQuery('companies').field($0).equals($1)).toArray()",
  "sys.data.find(sys.data.createQuery('companies').size($0).sortBy($1)).toArray()",
  "sys.data.aggregate(sys.data.createAggregateQuery('companies').group().by($0).accumulate($1).sum($2)).toArray()",
  "sys.data.find(sys.data.createQuery('companies').globalSearch($0)).toArray()",
  "sys.data.count('companies', { _globalSearch: $0, _size: $1 })",
  // A related key when $0 is a string; the odd value itself otherwise (joining an object whose
  // toString is not callable would throw in the script, before any sys call).
  "var m = {}; m[typeof $0 === 'string' ? 'owner.' + $0 : 'owner.firstName'] = $1; sys.data.find('companies', m).toArray()",
  "sys.data.count(sys.data.createQuery('companies').field(typeof $0 === 'string' ? 'owner.' + $0 : $0).equals($1))",
  "sys.data.aggregate('companies', [{ match: { 'owner.email': $0 } }, { count: $1 }]).toArray()",
  'sys.users.activate($0)',
  'sys.users.deactivate(user())',
  'sys.users.resetPassword(user(), $0)',
  'sys.users.updatePassword(user(), $0)',
  'sys.users.addIdentityProvider($0, $1, $2)',
  'sys.users.addIdentityProvider(user().id(), $0, $1)',
  'sys.users.removeIdentityProvider(user().id(), $0)',
  'sys.users.containsGroup(user(), $0)',
  'sys.users.isPrimaryGroup($0, $1)',
  'sys.users.getPrimaryGroup($0)',
  'sys.users.addGroup(user(), $0, $1)',
  'sys.users.removeGroup(user(), $0)',
  'sys.users.getEndpointConfiguration(user(), $0)',
  'sys.users.getEndpointConfiguration($0, $1)',
  'sys.users.setState($0, $1)',
  "sys.users.setState({ lastName: $0 }, 'DRAFT')",
  'sys.users.restore($0, $1)',
  'sys.users.getMetadata(user())',
  'sys.users.patchMetadata(user(), $0)',
  'sys.users.patchMetadata(user(), { userMetadata: $0 })',
  'sys.users.search($0, $1)',
  'sys.users.exists($0)',
  'sys.users.merge(user(), $0, $1)',
  'sys.context.setCurrentUserRecord($0)',
  'sys.context.setCurrentUserRecordById($0)',
  'sys.context.setCurrentUserRecordByEmail($0)',
  'sys.context.getCurrentUser()',
  'sys.logs.info($0)',
  'log($0, $1)',
  'sys.exceptions.getCode($0)',
  'sys.exceptions.getMessage($0)',
  'sys.context.root().entity($0).create().with($1).check()',
  'sys.context.any().users().update().with($0).check()',
  'sys.context.any().listener($0).check()',
  'sys.ui.sendMessage($0)',
  'sys.utils.text.findTokens($0)',
  'sys.utils.text.processTemplate($0, $1)',
  'sys.utils.text.htmlToText($0)',
  'sys.utils.text.textToHtml($0)',
  'sys.utils.text.markdownToHtml($0)',
  'sys.utils.text.htmlToMarkdown($0)',
  'sys.utils.text.recordToString($0)',
  'sys.utils.xml.xmlToJson($0)',
  'sys.utils.xml.jsonToXml($0)',
  'sys.utils.base64.encode($0)',
  'sys.utils.base64.decode($0)',
  'sys.utils.numbers.BigNumber($0).plus($1).div($2).toString()',
  'sys.utils.numbers.format($0, $1)',
  'sys.utils.crypto.sha3($0, $1)',
  'sys.utils.crypto.keccak($0, $1)',
  'sys.utils.crypto.hashHmac($0, $1, $2)',
  'sys.utils.crypto.verifySignatureWithHmac($0, $1, $2, "HmacSHA1")',
  'sys.utils.crypto.jwt.generate($0, $1, $2)',
  'sys.utils.crypto.jwt.verify($0, $1)',
  'sys.utils.crypto.jwt.decodeToken($0)',
  'sys.utils.time.getTimeZoneOffset($0, $1)',
  'sys.utils.time.format($0, $1, $2)',
  'sys.utils.time.parse($0, $1, $2)',
  // Small waits only: another run of the fuzz may hold the same key, and a long wait would time out.
  'sys.utils.concurrency.tryLock($0, Math.min(5, $1))',
  'sys.utils.concurrency.lock($0, 5, function () {})',
  'sys.utils.concurrency.unlock($0)',
  'sys.utils.script.wait(Math.min(5, $0))',
  "sys.data.findOne('companies', {}) && sys.data.findOne('companies', {}).action($0, $1, $2)",
  'sys.data.executeAction($0, $1, $2, $3)',
  "sys.data.executeAction('companies', $0, $1, $2)",
  'sys.data.executeGlobalAction($0, $1, $2)',
  "sys.data.delete('companies', $0, { executeInBackground: $1 })",
  'sys.jobs.getJob($0)',
  'sys.jobs.findById($0)',
  'sys.jobs.waitForJob($0, $1, 5)',
  'sys.jobs.logs($0)',
  'sys.jobs.setProgress($0, $1)',
  'sys.jobs.getCurrentJobId()',
  'sys.jobs.cancel($0)',
];

const PRELUDE = `
  function rec(json) { var r = sys.data.createRecord('companies'); r.fromJson(json); return r; }
  function user() { return sys.data.findOne('sys.users', 'fuzz@example.com'); }
  function snapshot() { return sys.data.count('companies', {}) + ':' + sys.data.count('sys.users', {}); }
  var results = [];
  function attempt(name, call) {
    var before = snapshot();
    try { call(); results.push(null); } catch (e) {
      var code = sys.exceptions.getCode(e);
      results.push({ call: name, code: code, raw: code === null ? String(e).slice(0, 200) : null, wrote: snapshot() !== before });
    }
  }`;

function scriptCall(template: string, args: Fuzz[]): string {
  const body = template.replace(/\$(\d)/g, (_, i) => toSource(args[Number(i)] ?? { t: 'json', v: null }));
  return `attempt(${JSON.stringify(template)}, function () { ${body}; });`;
}

const counts = (w: TestRuntime) =>
  ['rec_companies', 'rec_sys_users', 'mail_outbox', 'users_reset_codes', 'users_credentials']
    .map((t) => (w.store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n)
    .join(':');

const polluted = () =>
  ['polluted', 'isAdmin', 'x', 'name', 'id'].filter(
    (k) => (({}) as Record<string, unknown>)[k] !== undefined,
  );

describe('fuzzing', () => {
  let w: TestRuntime;
  const tally = {
    scriptCalls: 0,
    scriptRuns: 0,
    hostCalls: 0,
    configs: 0,
    codes: {} as Record<string, number>,
  };
  beforeAll(async () => {
    // Jobs a fuzzed script queues stay queued: a background delete running later would change
    // the counts a failed run is checked against.
    // User states on, so that the lifecycle calls run their real paths.
    const app = JSON.parse(readFileSync(EXAMPLE_APP, 'utf8'));
    app.users = { ...app.users, states: true };
    w = await createTestRuntime({ app, executor: { workers: 2 }, jobs: { run: false } });
    await w.store.insert('sys.users', { firstName: 'Fuzz', lastName: 'Er', email: 'fuzz@example.com' });
    for (let i = 0; i < 5; i++) await w.store.insert('companies', { name: `seed-${i}`, employees: i });
  });
  afterAll(async () => {
    report('fuzz', {
      'script runs': tally.scriptRuns,
      'script calls': tally.scriptCalls,
      'host calls': tally.hostCalls,
      'createRuntime configs': tally.configs,
      codes: JSON.stringify(tally.codes),
    });
    await w.dispose();
  });

  it('every sys.* function, from scripts, with random arguments', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.constantFrom(...TEMPLATES), fc.array(fuzzValue, { minLength: 3, maxLength: 3 })),
          {
            minLength: CALLS_PER_RUN,
            maxLength: CALLS_PER_RUN,
          },
        ),
        fc.boolean(),
        async (calls, failAtEnd) => {
          const before = counts(w);
          const source = `${PRELUDE}\n${calls.map(([t, a]) => scriptCall(t, a)).join('\n')}
            ${failAtEnd ? "throw new Error('roll back');" : 'return results;'}`;
          const outcome = await w.run(source, { limits: { wallMs: 20_000 } }).then(
            (r) => ({
              value: r.value as ({
                call: string;
                code: string | null;
                raw: string | null;
                wrote: boolean;
              } | null)[],
            }),
            (error) => ({ error }),
          );
          tally.scriptRuns++;
          tally.scriptCalls += calls.length;
          expect(polluted()).toEqual([]);
          if ('error' in outcome) {
            expect(outcome.error.code, outcome.error.message).toBe('javascriptException');
            expect(outcome.error.message).toMatch(/roll back/);
            expect(counts(w), 'a failed run wrote nothing').toBe(before);
            return;
          }
          for (const r of outcome.value) {
            if (!r) continue;
            tally.codes[r.code ?? 'raw'] = (tally.codes[r.code ?? 'raw'] ?? 0) + 1;
            expect(r.raw, `${r.call} threw a raw error`).toBeNull();
            expect(CONTAINED_CODES, `${r.call}: ${r.code}`).toContain(r.code);
            expect(r.wrote, `${r.call} failed but wrote`).toBe(false);
          }
        },
      ),
      { numRuns: SCRIPT_RUNS },
    );
  }, 900_000);

  const HOST: Record<string, (w: TestRuntime, a: unknown[]) => Promise<unknown>> = {
    'store.insert': (w, a) => w.store.insert(a[0] as string, a[1] as never, a[2] as never),
    'jobs.get': (w, a) => w.jobs.get(a[0] as string),
    'jobs.cancel': (w, a) => w.jobs.cancel(a[0] as string),
    'jobs.logs': (w, a) => w.jobs.logs(a[0] as string),
    'jobs.list': (w, a) => w.jobs.list(a[0] as never),
    'actions.execute': (w, a) => w.actions.execute(a[0] as string, a[1] as never),
    'store.insert companies': (w, a) => w.store.insert('companies', a[0] as never),
    'store.update': (w, a) => w.store.update(a[0] as string, a[1] as never, a[2] as never),
    'store.save': (w, a) => w.store.save('companies', a[0] as never, a[1] as never),
    'store.remove': (w, a) => w.store.remove(a[0] as string, a[1] as string),
    'store.findById': (w, a) => w.store.findById(a[0] as string, a[1] as string),
    'store.find': (w, a) => w.store.find('companies', a[0] as never).then((r) => r.slice(0, 5)),
    'store.findOne': (w, a) => w.store.findOne(a[0] as string, a[1] as never),
    'store.count': (w, a) => w.store.count('companies', a[0] as never),
    'store.deleteMany': (w, a) => w.store.deleteMany(a[0] as string, a[1] as never),
    'store.aggregate': (w, a) => w.store.aggregate('companies', a[0] as never).then((r) => r.slice(0, 5)),
    'store.validate': (w, a) => w.store.validate(a[0] as string, a[1] as never),
    'store.resolveRelationship': (w, a) => w.store.resolveRelationship(a[0] as string, a[1]),
    'store.tryLock': (w, a) => w.store.tryLock(a[0] as string, a[1] as string, a[2] as string, 0),
    'store.unlock': (w, a) => w.store.unlock(a[0] as string, a[1] as string, a[2] as string),
    'users.activate': (w, a) => w.users.activate(a[0] as never),
    'users.deactivate': (w, a) => w.users.deactivate(a[0] as never),
    'users.resetPassword': (w, a) => w.users.resetPassword(a[0] as never, a[1] as never),
    'users.updatePassword': (w, a) => w.users.updatePassword(a[0] as never, a[1] as never),
    'users.addIdentityProvider': (w, a) =>
      w.users.addIdentityProvider(a[0] as never, a[1] as never, a[2] as never),
    'users.removeIdentityProvider': (w, a) => w.users.removeIdentityProvider(a[0] as never, a[1] as never),
    'users.containsGroup': (w, a) => w.users.containsGroup(a[0] as never, a[1] as never),
    'users.addGroup': (w, a) => w.users.addGroup(a[0] as never, a[1] as never, a[2] as never),
    'users.removeGroup': (w, a) => w.users.removeGroup(a[0] as never, a[1] as never),
    'users.getPrimaryGroup': (w, a) => w.users.getPrimaryGroup(a[0] as never),
    'users.getEndpointConfiguration': (w, a) =>
      w.users.getEndpointConfiguration(a[0] as never, a[1] as never),
    'users.setEndpointConfiguration': (w, a) =>
      w.users.setEndpointConfiguration(a[0] as never, a[1] as never, a[2] as never),
    'users.completePasswordReset': (w, a) => w.users.completePasswordReset(a[0] as never, a[1] as never),
    'users.verifyPassword': (w, a) => w.users.verifyPassword(a[0] as never, a[1] as never),
    'mail.list': (w, a) => w.mail.list(a[0] as never),
    'users.setState': (w, a) => w.users.setState(a[0] as never, a[1] as never),
    'users.restore': (w, a) => w.users.restore(a[0] as never, a[1] as never),
    'users.purge': (w, a) => w.users.purge(a[0] as never),
    'users.patchMetadata': (w, a) => w.users.patchMetadata(a[0] as never, a[1] as never),
    'users.search': (w, a) => w.users.search(a[0] as never, a[1] as never),
    'users.exists': (w, a) => w.users.exists(a[0] as never),
    'users.mergeUsers': (w, a) => w.users.mergeUsers(a[0] as never, a[1] as never, a[2] as never),
  };

  it('every host API entry with random arguments', async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(HOST)),
        fc.array(fuzzValue, { minLength: 3, maxLength: 3 }),
        async (name, fuzz) => {
          const args = fuzz.map(toHost);
          const before = counts(w);
          tally.hostCalls++;
          try {
            await HOST[name]!(w, args);
          } catch (error) {
            const code = isWardenError(error) ? error.code : 'raw';
            tally.codes[`host ${code}`] = (tally.codes[`host ${code}`] ?? 0) + 1;
            if (!isWardenError(error) || !CONTAINED_CODES.includes(error.code)) {
              failures.push(`${name}(${describeArgs(args)}): ${String(error).slice(0, 160)}`);
            }
            expect(counts(w), `${name} failed but wrote`).toBe(before);
          }
          expect(w.store.inTransaction).toBe(false);
          expect(polluted()).toEqual([]);
        },
      ),
      { numRuns: HOST_CASES },
    );
    expect([...new Set(failures)].slice(0, 10)).toEqual([]);
  }, 900_000);

  it('createRuntime with random configs', async () => {
    const dir = join(tmpdir(), `warden-fuzz-config-${process.pid}`);
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            database: fc.oneof(
              fc.constant(join(dir, 'c.db')),
              fuzzValue.map(toHost).filter((v) => typeof v !== 'string'),
            ),
            app: fc.oneof(fc.constant(EXAMPLE_APP), fuzzValue.map(toHost)),
            executor: fuzzValue.map(toHost),
            limits: fuzzValue.map(toHost),
            mail: fuzzValue.map(toHost),
            passwords: fuzzValue.map(toHost),
          },
          { requiredKeys: ['database', 'app'] },
        ),
        async (config) => {
          tally.configs++;
          try {
            const runtime = await createRuntime(config as never);
            await runtime.close();
          } catch (error) {
            if (!isWardenError(error) || !CONTAINED_CODES.includes(error.code)) {
              failures.push(`${describeArgs([config])}: ${String(error).slice(0, 160)}`);
            }
          }
          expect(polluted()).toEqual([]);
        },
      ),
      { numRuns: CONFIG_CASES },
    );
    rmSync(dir, { recursive: true, force: true });
    expect([...new Set(failures)].slice(0, 10)).toEqual([]);
  }, 900_000);
});

function describeArgs(args: unknown[]): string {
  try {
    return JSON.stringify(args, (_k, v) =>
      typeof v === 'string' && v.length > 40 ? `${v.slice(0, 40)}…` : v,
    ).slice(0, 200);
  } catch {
    return '(unprintable)';
  }
}
