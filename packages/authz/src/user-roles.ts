import type { Store } from '@warden/store';

/** Roles held by users directly (not through a group), in the table `authz_user_roles`. */
export interface UserRoleTable {
  list(userId: string): string[];
  /** True when the role was added (false when the user held it already). */
  add(userId: string, role: string): boolean;
  /** True when the role was removed (false when the user did not hold it directly). */
  remove(userId: string, role: string): boolean;
}

/** Creates the table when missing and prepares its statements over the store's connection. */
export function createUserRoleTable(store: Pick<Store, 'db'>): UserRoleTable {
  const { db } = store;
  db.exec(`CREATE TABLE IF NOT EXISTS authz_user_roles (
    user_id TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (user_id, role)) WITHOUT ROWID`);
  const list = db
    .prepare<[string], string>('SELECT role FROM authz_user_roles WHERE user_id = ? ORDER BY role')
    .pluck();
  const add = db.prepare('INSERT OR IGNORE INTO authz_user_roles (user_id, role) VALUES (?, ?)');
  const remove = db.prepare('DELETE FROM authz_user_roles WHERE user_id = ? AND role = ?');
  return {
    list: (userId) => list.all(userId),
    add: (userId, role) => add.run(userId, role).changes > 0,
    remove: (userId, role) => remove.run(userId, role).changes > 0,
  };
}
