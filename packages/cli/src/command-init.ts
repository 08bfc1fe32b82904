import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseFlags, UsageError } from './cli-args.js';
import { wardenCommand } from './next-step.js';
import type { Output } from './output.js';

const STARTER_APP = {
  name: 'my-app',
  baseUrl: 'http://localhost:3000',
  entities: {
    companies: {
      label: 'name',
      fields: {
        name: { type: 'text', required: true, unique: true },
        employees: { type: 'integer', min: 0 },
        isCustomer: { type: 'boolean', default: false },
      },
    },
  },
  groups: [
    { name: 'users', label: 'Users', passwordPolicy: { minLength: 10 } },
    { name: 'admins', label: 'Administrators', passwordPolicy: { minLength: 12, digit: true, symbol: true } },
  ],
  mail: { from: 'no-reply@my-app.local' },
};

const STARTER_SCRIPT = `// Run with: warden run hello.js (in this folder)
var company = sys.data.createRecord('companies');
company.field('name').val('ACME ' + Date.now());
company.field('employees').val(42);
sys.data.save(company);
log('saved ' + company.label() + ' as ' + company.id());
return sys.data.count('companies', {});
`;

/**
 * `warden init [dir]`: a starter app definition and script; never overwrites a file. `dir` is
 * relative to the current folder (`pnpm warden` moves there from the repository root, see main.ts).
 */
export function commandInit(argv: string[], out: Output): number {
  const { positionals } = parseFlags(argv, {});
  if (positionals.length > 1) throw new UsageError('init expects at most one directory');
  const dir = positionals[0] ?? '.';
  const files = { 'app.json': `${JSON.stringify(STARTER_APP, null, 2)}\n`, 'hello.js': STARTER_SCRIPT };
  const taken = Object.keys(files).filter((name) => existsSync(join(dir, name)));
  if (taken.length) {
    out.error(`init: ${taken.map((n) => join(dir, n)).join(', ')} already exist; nothing written`);
    return 1;
  }
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  out.line(`Wrote ${join(dir, 'app.json')} and ${join(dir, 'hello.js')}`);
  const shown = relative(process.cwd(), dir) || '.';
  out.line(`Next: cd ${JSON.stringify(shown)} && ${wardenCommand(dir)} run hello.js`);
  return 0;
}
