import { createHash, createHmac, randomBytes } from 'node:crypto';
import { keccak_224, keccak_256, keccak_384, keccak_512 } from '@noble/hashes/sha3.js';
import { badRequest, WardenError } from '@warden/sys-api';
import { createSigner, createVerifier } from 'fast-jwt';
import { describe, str } from './bind-args.js';
import type { OpTable } from './op-table.js';
import type { RunState } from './run-state.js';
import { convertText } from './utils-text.js';

/**
 * `sys.utils.*` served by the host: what the isolate cannot do as fast (digests, HMAC, JWT,
 * markdown, XML), key locks and waits. The rest of `sys.utils` is plain JavaScript in the bootstrap.
 */
export function bindUtils(state: RunState): OpTable {
  return {
    'utils.digest': ([algorithm, message, encoding]) => {
      const op = 'sys.utils.crypto';
      const text = plain(op, 'message', message);
      const enc = encodingOf(op, encoding);
      const name = typeof algorithm === 'string' ? algorithm : '';
      const keccak = KECCAK[name];
      if (keccak) return Buffer.from(keccak(Buffer.from(text, 'utf8'))).toString(enc);
      if (!DIGESTS.has(name)) throw badRequest(`${op}: unknown digest ${describe(algorithm)}`);
      return createHash(name).update(text, 'utf8').digest(enc);
    },
    'utils.hmac': ([message, secret, algorithm, encoding]) => {
      const op = 'sys.utils.crypto.hashHmac';
      const hash = HMACS[typeof algorithm === 'string' ? algorithm : ''];
      if (!hash) {
        throw badRequest(
          `${op}: algorithm must be one of ${Object.keys(HMACS).join(', ')}, got ${describe(algorithm)}`,
        );
      }
      return createHmac(hash, str(op, 'secret', secret))
        .update(plain(op, 'message', message), 'utf8')
        .digest(encodingOf(op, encoding));
    },
    'utils.jwtGenerate': ([payload, key, algorithm]) => {
      const op = 'sys.utils.crypto.jwt.generate';
      if (!payload || typeof payload !== 'object' || Array.isArray(payload))
        throw badRequest(`${op}: payload must be an object, got ${describe(payload)}`);
      const alg = typeof algorithm === 'string' ? algorithm : '';
      if (!JWT_ALGORITHMS.has(alg)) {
        throw badRequest(
          `${op}: algorithm must be one of ${[...JWT_ALGORITHMS].join(', ')}, got ${describe(algorithm)}`,
        );
      }
      try {
        return createSigner({ key: str(op, 'privateKey', key), algorithm: alg as 'HS256' })(payload);
      } catch (error) {
        if (error instanceof WardenError) throw error;
        // fast-jwt's messages name the key's problem, never its value.
        throw badRequest(`${op}: cannot sign with this key and algorithm ${alg}`);
      }
    },
    'utils.jwtVerify': ([token, key]) => {
      const op = 'sys.utils.crypto.jwt.verify';
      const t = str(op, 'token', token);
      const k = str(op, 'key', key);
      try {
        createVerifier({ key: k, algorithms: [...JWT_ALGORITHMS] as 'HS256'[] })(t);
        return true;
      } catch {
        return false;
      }
    },
    'utils.markdownToHtml': ([text]) => convertText('markdownToHtml', text),
    'utils.htmlToMarkdown': ([text]) => convertText('htmlToMarkdown', text),
    'utils.xmlToJson': ([text]) => convertText('xmlToJson', text),
    'utils.jsonToXml': ([json]) => convertText('jsonToXml', json),
    'utils.lock': ([key, timeout, wait]) => {
      const fn = wait === true ? 'lock' : 'tryLock';
      const op = `sys.utils.concurrency.${fn}`;
      const k = lockKey(op, key);
      const asked =
        timeout === null || timeout === undefined ? (wait === true ? DEFAULT_LOCK_MS : 0) : timeout;
      if (typeof asked !== 'number' || !Number.isInteger(asked) || asked < 0 || asked > MAX_WAIT_MS) {
        throw badRequest(
          `${op}: timeout must be milliseconds from 0 to ${MAX_WAIT_MS}, got ${describe(timeout)}`,
        );
      }
      state.tookLocks = true;
      // A wait past the run's time ends at its limit: the sandbox then ends the run on it.
      let got: boolean;
      try {
        got = state.store.lockKey(k, state.lockOwner, Math.min(asked, timeLeft(state)));
      } catch (error) {
        if (!(error instanceof WardenError) || error.code !== 'timeout') throw error;
        // A wait that would deadlock: the same error, naming the script's call.
        throw new WardenError('timeout', `${op}: waiting for the key '${k}' would deadlock`, {
          info: { deadlock: true },
        });
      }
      if (!got && wait === true) {
        throw new WardenError('timeout', `${op}: the key '${k}' stayed locked for ${asked} ms`);
      }
      return got;
    },
    'utils.unlock': ([key, force]) => {
      const op = `sys.utils.concurrency.${force === true ? 'forceUnlock' : 'unlock'}`;
      const k = lockKey(op, key);
      if (force === true) state.store.forceUnlockKey(k);
      else state.store.unlockKey(k, state.lockOwner);
      return null;
    },
    // 53 random bits over 2^53: every double in [0, 1) a multiple of 2^-53, as Math.random gives.
    'utils.random': () => Number(randomBytes(8).readBigUInt64BE() >> 11n) / 2 ** 53,
    'utils.wait': ([ms]) => {
      const op = 'sys.utils.script.wait';
      if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_WAIT_MS) {
        throw badRequest(
          `${op}: timeToWait must be milliseconds from 0 to ${MAX_WAIT_MS}, got ${describe(ms)}`,
        );
      }
      const left = timeLeft(state);
      // Past the run's time left, it sleeps to its limit and the sandbox ends the run there.
      if (ms > 0) Atomics.wait(sleeper, 0, 0, Math.min(ms, left + 1));
      return null;
    },
  };
}

/** Slingr's default: a lock waits until it is free; here until the run's own time is up. */
const DEFAULT_LOCK_MS = 300_000;
/** Longest wait a script may ask for: the longest a run may last anyway. */
const MAX_WAIT_MS = 30 * 60_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

const DIGESTS = new Set(['sha1', 'md5', 'sha256', 'sha512', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512']);
const KECCAK: Record<string, (data: Uint8Array) => Uint8Array> = {
  'keccak-224': keccak_224,
  'keccak-256': keccak_256,
  'keccak-384': keccak_384,
  'keccak-512': keccak_512,
};
const HMACS: Record<string, string> = {
  HmacMD5: 'md5',
  HmacSHA1: 'sha1',
  HmacSHA224: 'sha224',
  HmacSHA256: 'sha256',
  HmacSHA384: 'sha384',
  HmacSHA512: 'sha512',
};
const JWT_ALGORITHMS = new Set([
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
]);

/** Milliseconds until the run's wall time ends (`state.deadline`; none for a call outside a run). */
function timeLeft(state: RunState): number {
  return Number.isFinite(state.deadline) ? Math.max(0, Math.ceil(state.deadline - Date.now())) : MAX_WAIT_MS;
}

function plain(op: string, name: string, value: unknown): string {
  if (typeof value !== 'string') throw badRequest(`${op}: ${name} must be a string, got ${describe(value)}`);
  return value;
}

function encodingOf(op: string, value: unknown): 'hex' | 'base64' {
  if (value === null || value === undefined || value === 'HEX') return 'hex';
  if (value === 'BASE64') return 'base64';
  throw badRequest(`${op}: encoding must be 'HEX' or 'BASE64', got ${describe(value)}`);
}

function lockKey(op: string, key: unknown): string {
  if (typeof key !== 'string' || key === '' || key.length > 512) {
    throw badRequest(`${op}: key must be a string of 1 to 512 characters, got ${describe(key)}`);
  }
  return key;
}
