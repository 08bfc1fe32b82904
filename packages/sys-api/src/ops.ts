import type { RecordData, WireRecord } from './schema.js';

/**
 * A query as scripts write it: a Slingr query map (`{name: 'like(acme)', _size: 10}`), with two
 * Warden extensions the builder relies on: `_and`/`_or` may be arrays of maps (so a field can
 * repeat), and `_query` holds the complex string syntax (`or(filter('type','a'),...)`).
 */
export type QueryMap = Record<string, unknown>;

/** `lock`/`tryLock` timeouts and every other time option are milliseconds. */
export interface SaveOptions {
  mode?: 'standard' | 'lite';
  performValidations?: boolean;
  defaultValues?: boolean;
  calculateFields?: boolean;
  triggerEvents?: boolean;
}

export interface CursorPage {
  /** Rows of this page: records for `find`, plain objects for `aggregate`. */
  items: unknown[];
  /** False once the cursor is exhausted (and closed on the host). */
  more: boolean;
}

export interface LogEntry {
  level: 'INFO' | 'WARN' | 'ERROR' | 'DEBUG';
  message: string;
  time: number;
}

/**
 * Every operation a script can ask of the host, by op name. The bootstrap inside the isolate
 * calls `dispatch(op, args)`; the runtime implements this table. Arguments are untrusted JSON.
 */
export interface SysOps {
  'data.findById': (entity: string, id: string) => WireRecord | null;
  'data.findOne': (entity: string, query: QueryMap | string | null) => WireRecord | null;
  'data.find': (entity: string, query: QueryMap | null, pageSize: number) => { cursor: string } & CursorPage;
  'data.aggregate': (
    entity: string,
    pipeline: unknown[],
    pageSize: number,
  ) => { cursor: string } & CursorPage;
  'data.cursorNext': (cursor: string, pageSize: number) => CursorPage;
  'data.cursorCount': (cursor: string) => number;
  'data.cursorClose': (cursor: string) => void;
  'data.count': (entity: string, query: QueryMap | null) => number;
  'data.save': (record: WireRecord, options: SaveOptions | null) => WireRecord | null;
  /** Deferred saves, in order; the first that fails fails the call (the sandbox then replays the run). */
  'data.saveMany': (saves: [record: WireRecord, options: SaveOptions | null][]) => (WireRecord | null)[];
  'data.remove': (entity: string, id: string) => WireRecord;
  'data.delete': (entity: string, query: QueryMap | null, options: Record<string, unknown> | null) => number;
  'data.refresh': (entity: string, id: string) => WireRecord | null;
  'data.validate': (record: WireRecord) => RecordData;
  'data.lock': (entity: string, id: string, timeoutMs: number | null) => WireRecord;
  'data.tryLock': (entity: string, id: string, timeoutMs: number | null) => WireRecord | null;
  'data.unlock': (entity: string, id: string) => void;
  'data.resolveRelationship': (entity: string, value: unknown) => { id: string; label: string | null } | null;
  /** A record's audit logs, newest first (`record.auditLogs().find(options)`). */
  'data.history': (entity: string, id: string, options: Record<string, unknown> | null) => unknown[];
  /** Imports CSV or JSON Lines text into an entity, in the run's transaction. */
  'data.importRecords': (entity: string, text: string, options: Record<string, unknown> | null) => unknown;

  'users.activate': (user: WireRecord) => WireRecord;
  'users.deactivate': (user: WireRecord) => WireRecord;
  'users.resetPassword': (user: WireRecord, options: Record<string, unknown> | null) => unknown;
  'users.updatePassword': (user: WireRecord, options: Record<string, unknown> | null) => unknown;
  'users.addIdentityProvider': (userId: string, provider: string, externalId: string | null) => WireRecord;
  'users.removeIdentityProvider': (userId: string, provider: string) => WireRecord;
  'users.containsGroup': (user: WireRecord, group: string) => boolean;
  'users.isPrimaryGroup': (user: WireRecord, group: string) => boolean;
  'users.getPrimaryGroup': (user: WireRecord) => { id: string; name: string; label: string } | null;
  /** In memory only: returns the user's new `groups` value; the script saves to persist. */
  'users.addGroup': (user: WireRecord, group: string, primary: boolean) => WireRecord;
  'users.removeGroup': (user: WireRecord, group: string) => WireRecord;
  'users.getEndpointConfiguration': (user: WireRecord, endpoint: string) => unknown;
  /** Roles (authorization): stored at once; each answers every role the user then holds. */
  'users.addRole': (userId: string, role: string) => string[];
  'users.removeRole': (userId: string, role: string) => string[];
  'users.getRoles': (userId: string) => string[];
  'users.hasRole': (userId: string, role: string) => boolean;
  'users.hasPermission': (userId: string, permission: string) => boolean;
  'users.getLoginStats': (userId: string) => {
    loginsCount: number;
    lastLogin: number | null;
    lastIp: string | null;
  };
  'users.listSessions': (userId: string) => Record<string, unknown>[];
  'users.revokeSession': (userId: string, sessionId: string) => boolean;
  'users.requestEmailChange': (userId: string, newEmail: string) => { accepted: true };
  'users.getMfaStatus': (userId: string) => { enrolled: boolean; recoveryCodesLeft: number };
  'users.removeMfa': (userId: string) => boolean;
  'users.setState': (query: Record<string, unknown> | string, state: string) => { changed: number };
  'users.restore': (userId: string, state: string | null) => WireRecord;
  'users.getMetadata': (userId: string) => {
    userMetadata: Record<string, unknown>;
    appMetadata: Record<string, unknown>;
  };
  'users.patchMetadata': (
    userId: string,
    patch: Record<string, unknown>,
  ) => { userMetadata: Record<string, unknown>; appMetadata: Record<string, unknown> };
  'users.search': (
    text: string,
    options: Record<string, unknown> | null,
  ) => { total: number; users: WireRecord[] };
  'users.exists': (query: Record<string, unknown>) => boolean;
  'users.merge': (
    primaryId: string,
    secondaryId: string,
    options: Record<string, unknown> | null,
  ) => { user: WireRecord; secondaryId: string; secondary: 'trashed' | 'removed' };

  /**
   * Runs an action: on one record (`entity`, `id`), or a global one (`id` null; `entity` null for
   * app-level actions). In the run by default; `{executeInBackground: true}` (or `async: true`)
   * enqueues a job instead.
   */
  'data.action': (
    entity: string | null,
    id: string | null,
    action: string,
    params: Record<string, unknown> | null,
    options: Record<string, unknown> | null,
  ) => { record: WireRecord } | { value: unknown } | { job: string };
  /** Enqueues a job running the action on every record the query matches; answers its id. */
  'data.executeAction': (
    entity: string,
    query: QueryMap | null,
    action: string,
    params: Record<string, unknown> | null,
    options: Record<string, unknown> | null,
  ) => string;
  /** Jobs (`sys.jobs`): the queue as it stands now, outside the run's snapshot. */
  'jobs.get': (id: string) => Record<string, unknown> | null;
  'jobs.wait': (id: string, statuses: string[] | null, timeoutMs: number | null) => Record<string, unknown>;
  'jobs.logs': (id: string) => { attempt: number; level: string; message: string; time: number }[];
  'jobs.setProgress': (done: number, total: number | null) => void;
  'jobs.currentJobId': () => string | null;
  'jobs.cancel': (id: string) => string | null;

  'context.getCurrentUser': () => WireRecord | null;
  'context.setCurrentUser': (by: 'record' | 'id' | 'email', value: string) => void;
  /** The contexts the run sits in, outermost first (`sys.context.root()` / `any()`). */
  'context.stack': () => ContextFrame[];

  /** A hex (or base64) digest: `sha1`, `sha3-<bits>`, `keccak-<bits>`, `md5`, `sha256`, `sha512`. */
  'utils.digest': (algorithm: string, message: string, encoding: 'HEX' | 'BASE64') => string;
  /** An HMAC of `message`; algorithm as Slingr names it (`HmacSHA256`). */
  'utils.hmac': (message: string, secret: string, algorithm: string, encoding: 'HEX' | 'BASE64') => string;
  'utils.jwtGenerate': (payload: Record<string, unknown>, key: string, algorithm: string) => string;
  'utils.jwtVerify': (token: string, key: string) => boolean;
  'utils.markdownToHtml': (markdown: string) => string;
  'utils.htmlToMarkdown': (html: string) => string;
  'utils.xmlToJson': (xml: string) => unknown;
  'utils.jsonToXml': (json: unknown) => string;
  /** Takes a key lock; `wait` as `lock` does (timeout error), else as `tryLock` (false). */
  'utils.lock': (key: string, timeoutMs: number | null, wait: boolean) => boolean;
  /** Releases one of the run's takes of a key lock, or (`force`) whoever holds it. */
  'utils.unlock': (key: string, force: boolean) => void;
  /** A random number in [0, 1) from the host's cryptographic generator. */
  'utils.random': () => number;
  /** Blocks the run for `ms` milliseconds (its wall time counts them). */
  'utils.wait': (ms: number) => void;

  /** A message to the host's `ui.message` listeners, delivered once the run commits. */
  'ui.sendMessage': (message: Record<string, unknown>) => void;
}

/** One context a run sits in (Slingr's context stack), outermost first. */
export type ContextFrame =
  | { kind: 'script' }
  | { kind: 'entity'; entity: string; operation: 'create' | 'update' | 'delete'; recordId: string | null }
  | {
      kind: 'users';
      operation: 'create' | 'update' | 'delete';
      recordId: string | null;
      email: string | null;
    }
  | { kind: 'listener'; name: string };

export type SysOpName = keyof SysOps;

/** The op names, for allow-listing in the dispatcher and pinning in tests. */
export const SYS_OP_NAMES = [
  'data.findById',
  'data.findOne',
  'data.find',
  'data.aggregate',
  'data.cursorNext',
  'data.cursorCount',
  'data.cursorClose',
  'data.count',
  'data.save',
  'data.saveMany',
  'data.remove',
  'data.delete',
  'data.refresh',
  'data.validate',
  'data.lock',
  'data.tryLock',
  'data.unlock',
  'data.resolveRelationship',
  'data.history',
  'data.importRecords',
  'users.activate',
  'users.deactivate',
  'users.resetPassword',
  'users.updatePassword',
  'users.addIdentityProvider',
  'users.removeIdentityProvider',
  'users.containsGroup',
  'users.isPrimaryGroup',
  'users.getPrimaryGroup',
  'users.addGroup',
  'users.removeGroup',
  'users.getEndpointConfiguration',
  'users.addRole',
  'users.removeRole',
  'users.getRoles',
  'users.hasRole',
  'users.hasPermission',
  'data.action',
  'data.executeAction',
  'jobs.get',
  'jobs.wait',
  'jobs.logs',
  'jobs.setProgress',
  'jobs.currentJobId',
  'jobs.cancel',
  'users.getLoginStats',
  'users.listSessions',
  'users.revokeSession',
  'users.requestEmailChange',
  'users.getMfaStatus',
  'users.removeMfa',
  'users.setState',
  'users.restore',
  'users.getMetadata',
  'users.patchMetadata',
  'users.search',
  'users.exists',
  'users.merge',
  'context.getCurrentUser',
  'context.setCurrentUser',
  'context.stack',
  'utils.digest',
  'utils.hmac',
  'utils.jwtGenerate',
  'utils.jwtVerify',
  'utils.markdownToHtml',
  'utils.htmlToMarkdown',
  'utils.xmlToJson',
  'utils.jsonToXml',
  'utils.lock',
  'utils.unlock',
  'utils.random',
  'utils.wait',
  'ui.sendMessage',
] as const satisfies readonly SysOpName[];
