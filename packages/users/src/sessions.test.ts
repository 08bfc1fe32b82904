import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@warden/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSessions, type Sessions } from './sessions.js';

// The session table's own answers, below the users API that wraps them in coded errors: what
// refresh says for each kind of refresh token, what revoke reports, and junk tokens.

describe('sessions table', () => {
  let dir: string;
  let store: Store;
  let clock: number;
  let sessions: Sessions;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-sessions-'));
    store = openStore({ database: join(dir, 's.db'), app: { name: 'sessions' } });
    clock = 1_000_000;
    sessions = createSessions(store.db, () => clock, { sessionMs: 1000, refreshMs: 5000 });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rotates a live refresh token once; a replay is reused and ends the family', () => {
    const first = sessions.create('u1', '10.0.0.1');
    const rotated = sessions.refresh(first.refreshToken);
    expect(rotated).toEqual({ kind: 'rotated', session: expect.objectContaining({ userId: 'u1' }) });
    expect(sessions.refresh(first.refreshToken)).toEqual({ kind: 'reused', userId: 'u1' });
    if (rotated.kind !== 'rotated') throw new Error('unreachable');
    expect(sessions.userOf(rotated.session.token)).toBeNull();
    expect(sessions.refresh(rotated.session.refreshToken)).toEqual({ kind: 'invalid' });
  });

  it('answers invalid for an expired, a revoked or an unknown refresh token', () => {
    const expired = sessions.create('u1', null);
    const revoked = sessions.create('u2', null);
    expect(sessions.revoke(revoked.token)).toBe(true);
    expect(sessions.refresh(revoked.refreshToken)).toEqual({ kind: 'invalid' });
    clock += 5000;
    expect(sessions.refresh(expired.refreshToken)).toEqual({ kind: 'invalid' });
    expect(sessions.refresh('x'.repeat(43))).toEqual({ kind: 'invalid' });
  });

  it('revoke reports whether it ended a live session', () => {
    const s = sessions.create('u1', null);
    expect(sessions.revoke(s.token)).toBe(true);
    expect(sessions.revoke(s.token)).toBe(false);
    expect(sessions.revoke('y'.repeat(43))).toBe(false);
    expect(sessions.userOf(s.token)).toBeNull();
  });

  it('ignores tokens that are not strings, without throwing', () => {
    sessions.create('u1', null);
    for (const junk of [42, null, undefined, {}, ['a']]) {
      expect(sessions.userOf(junk as never)).toBeNull();
      expect(sessions.refresh(junk as never)).toEqual({ kind: 'invalid' });
      expect(sessions.revoke(junk as never)).toBe(false);
    }
  });
});
