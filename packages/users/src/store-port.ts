import type { AppSchema, RecordData } from '@warden/sys-api';
import type BetterSqlite3 from 'better-sqlite3';
import type { PasswordPolicy } from './password-policy.js';

/** A `sys.users` write as the store's interceptors see it. */
export interface UserSaveEvent {
  entity: string;
  isNew: boolean;
  record: RecordData;
  previous: RecordData | null;
  /** The save's options; lifecycle events are emitted whatever they say. */
  options?: { triggerEvents?: boolean; mode?: 'standard' | 'lite' };
  /** The same object in one save's beforeSave and afterSave, and in no other save's. */
  readonly saveKey: object;
}

export interface UserRemoveEvent {
  entity: string;
  record: RecordData;
}

/** Interceptors that run inside the write's transaction. */
export interface UserHooks {
  /** Run for every write, `mode: 'lite'` saves included (the store's enforced interceptors). */
  enforced?: boolean;
  beforeSave?(e: UserSaveEvent): void;
  afterSave?(e: UserSaveEvent): void;
  beforeRemove?(e: UserRemoveEvent): void;
  afterRemove?(e: UserRemoveEvent): void;
}

/**
 * The part of @warden/store's `Store` that users needs (docs/architecture.md). Kept structural so
 * that any store with these members fits, and tests can see what users depends on.
 */
export interface UsersStore {
  readonly db: BetterSqlite3.Database;
  readonly app: {
    readonly name?: string;
    readonly baseUrl: string;
    readonly groups: readonly { name: string; passwordPolicy?: PasswordPolicy; mfaRequired?: boolean }[];
    /** Account options (`users` in the app definition); absent means email only, no verification. */
    readonly users?: {
      readonly identifiers?: readonly string[];
      readonly emailVerification?: boolean;
      readonly defaultGroup?: string;
      /** The `state` and `trashedAt` fields exist (user-states.ts). */
      readonly states?: boolean;
      readonly trashRetentionDays?: number;
    };
    /** Identity providers with their sign-in `settings` (provider sign-in reads these). */
    readonly identityProviders: readonly {
      name: string;
      type: string;
      settings?: Readonly<Record<string, unknown>>;
    }[];
  };
  readonly schema: AppSchema;
  transaction<T>(fn: () => T): T;
  findById(entity: string, id: string): RecordData | null;
  /** A string key is a record id, or on `sys.users` an email (case-insensitive). */
  findOne(entity: string, key: string): RecordData | null;
  find(entity: string, query: Record<string, unknown> | null): Iterable<RecordData>;
  update(entity: string, record: RecordData): RecordData;
  insert(entity: string, fields: Record<string, unknown>): RecordData;
  remove(entity: string, id: string): RecordData;
  count(entity: string, query: Record<string, unknown> | null): number;
  intercept(entity: string, hooks: UserHooks): () => void;
}

/** A templated mail for the outbox (@warden/mail). */
export interface TemplateMail {
  to: string;
  template: 'welcome' | 'reset' | 'changed';
  data: Record<string, unknown>;
  sensitive?: boolean;
}

/** A mail written by users itself (verification codes), for the outbox. */
export interface PlainMail {
  to: string;
  subject: string;
  text: string;
  sensitive?: boolean;
}

/** The part of @warden/mail's `Outbox` that users needs. */
export interface UsersOutbox {
  enqueue(mail: TemplateMail | PlainMail): string;
}
