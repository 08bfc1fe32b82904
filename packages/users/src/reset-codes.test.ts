import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@warden/store';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResetCodes, type ResetCodes } from './reset-codes.js';

describe('reset codes', () => {
  let dir: string;
  let store: Store;
  let db: BetterSqlite3.Database;
  let clock: number;
  let codes: ResetCodes;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-codes-'));
    store = openStore({ database: join(dir, 'codes.db'), app: { name: 'codes' } });
    db = store.db;
    clock = 1_000_000;
    codes = createResetCodes(db, () => clock);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues 256-bit codes, stored only as their SHA-256', () => {
    const { code, expiresAt } = codes.issue('u1', 60_000);
    expect(Buffer.from(code, 'base64url')).toHaveLength(32);
    expect(expiresAt).toBe(clock + 60_000);
    const rows = db.prepare('SELECT * FROM users_reset_codes').all() as { code_hash: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
    store.close();
    expect(readFileSync(join(dir, 'codes.db')).includes(code)).toBe(false);
  });

  it('works once', () => {
    const { code } = codes.issue('u1', 60_000);
    expect(codes.peek(code)).toBe('u1');
    expect(codes.consume(code)).toBe('u1');
    expect(codes.consume(code)).toBeNull();
    expect(codes.peek(code)).toBeNull();
  });

  it('expires', () => {
    const { code } = codes.issue('u1', 60_000);
    clock += 59_999;
    expect(codes.peek(code)).toBe('u1');
    clock += 1;
    expect(codes.peek(code)).toBeNull();
    expect(codes.consume(code)).toBeNull();
  });

  it('voids older codes of the same user only', () => {
    const first = codes.issue('u1', 60_000).code;
    const other = codes.issue('u2', 60_000).code;
    const second = codes.issue('u1', 60_000).code;
    expect(codes.consume(first)).toBeNull();
    expect(codes.consume(second)).toBe('u1');
    expect(codes.consume(other)).toBe('u2');
  });

  it('revokes every code of a user, and ignores junk', () => {
    const { code } = codes.issue('u1', 60_000);
    codes.revoke('u1');
    expect(codes.consume(code)).toBeNull();
    expect(codes.consume('')).toBeNull();
    expect(codes.consume('x'.repeat(500))).toBeNull();
    expect(codes.consume(42 as unknown as string)).toBeNull();
  });
});
