import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES } from './test-runtime.js';

/**
 * The help desk app with user states on (trash kept 7 days) and a `viewers` group whose role sees
 * every user but not their email: agents see only themselves, supervisors everyone.
 */
export const LIFECYCLE_APP = (() => {
  const app = JSON.parse(readFileSync(join(EXAMPLES, 'help-desk', 'app.json'), 'utf8'));
  app.users = { ...app.users, states: true, trashRetentionDays: 7 };
  app.groups.push({ name: 'viewers', label: 'Viewers' });
  app.authorization.roles.viewer = {
    label: 'Viewer',
    entities: { 'sys.users': { access: 'always', fields: { email: 'none' } } },
  };
  app.authorization.groups.viewers = { roles: ['viewer'] };
  return app;
})();

/** A password that every group's policy admits. */
export const LIFECYCLE_PASSWORD = 'Lifecycle-Pass-2026';

/** Fields of a user in `group` with a password and a welcome mail (so the outbox holds mail to them). */
export const lifecycleUser = (first: string, last: string, email: string, group: string) => ({
  firstName: first,
  lastName: last,
  email,
  groups: [{ group, primary: true }],
  sendWelcomeEmail: true,
  authentication: {
    generatePassword: false,
    passwordExpired: false,
    password: LIFECYCLE_PASSWORD,
    passwordConfirmation: LIFECYCLE_PASSWORD,
  },
});
