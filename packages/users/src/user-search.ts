import { badRequest, type RecordData } from '@warden/sys-api';
import type BetterSqlite3 from 'better-sqlite3';
import { describe, USERS } from './user-record.js';
import type { UsersContext } from './users-context.js';

const TABLE = 'rec_sys_users';
const MAP = 'users_search_map';
const WORDS = 'users_search_words';
const GRAMS = 'users_search_grams';
const TRIGGERS = ['users_search_ai', 'users_search_au', 'users_search_ad'];
const MAX_TEXT = 200;
const MAX_TERMS = 8;
const TEXT_TYPES = new Set(['text', 'longText', 'email']);
/** Text fields that say nothing about who a user is. */
const NOT_SEARCHED = new Set(['timezone', 'status', 'state']);

/** Options of `search`. */
export interface SearchOptions {
  /** Users per page, 1..100 (default 20). */
  limit?: number;
  /** Matches to skip first, 0..10000 (default 0). */
  offset?: number;
  /** Also find users in TRASH (left out by default). */
  includeTrash?: boolean;
}

/** What a run under access rules may see of the matches: which users, and how they read. */
export interface SearchAccess {
  admits(id: string): boolean;
  read(id: string): RecordData | null;
}

/** A page of matches and how many there are in all. */
export interface SearchResult {
  total: number;
  users: RecordData[];
}

/** The users' search index (FTS5), kept by triggers on the users table. */
export interface UserSearchIndex {
  /** The searched top-level fields: names, email, username, phone and the app's text fields. */
  readonly fields: readonly string[];
  /** Ids of the users matching `text`, best first (see `search`). */
  matches(text: string, includeTrash: boolean): Iterable<string>;
  count(text: string, includeTrash: boolean): number;
  page(text: string, includeTrash: boolean, limit: number, offset: number): string[];
  /** Merges the index's segments, dropping deleted entries (after a purge). */
  compact(): void;
}

function triggerSql(fields: string[]): Map<string, string> {
  const body = (row: string) =>
    `concat_ws(' ', ${fields.map((f) => `json_extract(${row}.data, '$.${f}')`).join(', ')})`;
  const docid = (row: string) => `(SELECT docid FROM ${MAP} WHERE id = ${row}.id)`;
  const insert = (row: string) =>
    `INSERT INTO ${WORDS} (rowid, body) VALUES (${docid(row)}, ${body(row)}); ` +
    `INSERT INTO ${GRAMS} (rowid, body) VALUES (${docid(row)}, ${body(row)});`;
  const remove = (row: string) =>
    `DELETE FROM ${WORDS} WHERE rowid = ${docid(row)}; DELETE FROM ${GRAMS} WHERE rowid = ${docid(row)};`;
  return new Map([
    [
      TRIGGERS[0]!,
      `CREATE TRIGGER ${TRIGGERS[0]} AFTER INSERT ON ${TABLE} BEGIN ` +
        `INSERT INTO ${MAP} (id) VALUES (new.id); ${insert('new')} END`,
    ],
    [
      TRIGGERS[1]!,
      `CREATE TRIGGER ${TRIGGERS[1]} AFTER UPDATE OF data ON ${TABLE} ` +
        `WHEN ${body('old')} IS NOT ${body('new')} BEGIN ${remove('old')} ${insert('new')} END`,
    ],
    [
      TRIGGERS[2]!,
      `CREATE TRIGGER ${TRIGGERS[2]} AFTER DELETE ON ${TABLE} BEGIN ` +
        `${remove('old')} DELETE FROM ${MAP} WHERE id = old.id; END`,
    ],
  ]);
}

/** Drops and refills the index from the stored users, with triggers made for `fields`. */
function rebuild(db: BetterSqlite3.Database, fields: string[], wanted: Map<string, string>): void {
  for (const t of TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
  for (const t of [WORDS, GRAMS, MAP]) db.exec(`DROP TABLE IF EXISTS ${t}`);
  db.exec(`CREATE TABLE ${MAP} (docid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE)`);
  const fts = (name: string, tokenizer: string) =>
    db.exec(
      `CREATE VIRTUAL TABLE ${name} USING fts5(body, tokenize = '${tokenizer}', content = '', contentless_delete = 1)`,
    );
  fts(WORDS, 'unicode61 remove_diacritics 2');
  fts(GRAMS, 'trigram remove_diacritics 1');
  db.exec(`INSERT INTO ${MAP} (id) SELECT id FROM ${TABLE}`);
  const body = `concat_ws(' ', ${fields.map((f) => `json_extract(r.data, '$.${f}')`).join(', ')})`;
  for (const t of [WORDS, GRAMS]) {
    db.exec(
      `INSERT INTO ${t} (rowid, body) SELECT m.docid, ${body} FROM ${TABLE} r JOIN ${MAP} m ON m.id = r.id`,
    );
  }
  for (const sql of wanted.values()) db.exec(sql);
}

/** Each whitespace-separated term as a word-prefix query and, from 3 characters, a substring one. */
function terms(fn: string, text: unknown): { words: string; grams: string | null }[] {
  if (typeof text !== 'string') throw badRequest(`${fn}: text must be a string, got ${describe(text)}`);
  if (text.length > MAX_TEXT) throw badRequest(`${fn}: text is longer than ${MAX_TEXT} characters`);
  const out: { words: string; grams: string | null }[] = [];
  for (const chunk of text.normalize('NFC').split(/\s+/)) {
    const words = chunk.match(/[\p{L}\p{N}]+/gu);
    if (!words) continue;
    const plain = chunk.replaceAll('"', '');
    out.push({ words: `"${words.join(' ')}"*`, grams: [...plain].length >= 3 ? `"${plain}"` : null });
  }
  if (out.length === 0) throw badRequest(`${fn}: text holds no word to search for, got ${describe(text)}`);
  if (out.length > MAX_TERMS) throw badRequest(`${fn}: text has more than ${MAX_TERMS} words`);
  return out;
}

/**
 * Opens the users' search index, creating or rebuilding it (and so indexing an existing
 * database) when its triggers are missing or were made for other fields. Two FTS5 tables over
 * one body of the searched fields: unicode61 words (prefixes, case and accents folded) and
 * trigrams (substrings, case and accents folded); a contentless pair keyed through a map, as the
 * store's global search is, so that the triggers write them in every users write's statement.
 */
export function openUserSearch(ctx: Pick<UsersContext, 'store'>): UserSearchIndex {
  const { db, schema } = ctx.store;
  const fields = Object.values(schema.entities[USERS]?.fields ?? {})
    .filter((f) => TEXT_TYPES.has(f.type) && !f.multiple && !f.writeOnly && !NOT_SEARCHED.has(f.name))
    .map((f) => f.name)
    .filter((f) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(f));
  const wanted = triggerSql(fields);
  const current = () => {
    const rows = db
      .prepare<string[], { name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?)`,
      )
      .all(...TRIGGERS);
    return rows.length === wanted.size && rows.every((t) => wanted.get(t.name) === t.sql);
  };
  if (!current()) {
    // Immediate, checked again inside: processes opening one database together rebuild once.
    db.transaction(() => {
      if (!current()) rebuild(db, fields, wanted);
    }).immediate();
  }
  const sql = (n: number, includeTrash: boolean) => {
    const joins = Array.from(
      { length: n },
      (_, i) =>
        `JOIN (SELECT d, max(w) AS w FROM (SELECT rowid AS d, 1 AS w FROM ${WORDS} WHERE ${WORDS} MATCH ? ` +
        `UNION ALL SELECT rowid, 0 FROM ${GRAMS} WHERE ${GRAMS} MATCH ?) GROUP BY d) t${i} ON t${i}.d = m.docid`,
    ).join(' ');
    const score = Array.from({ length: n }, (_, i) => `t${i}.w`).join(' + ');
    const trash = includeTrash ? '' : `WHERE json_extract(r.data, '$.state') IS NOT 'TRASH'`;
    return { from: `FROM ${MAP} m ${joins} JOIN ${TABLE} r ON r.id = m.id ${trash}`, score };
  };
  const params = (ts: ReturnType<typeof terms>) => ts.flatMap((t) => [t.words, t.grams ?? '""']);
  const ordered = (text: string, includeTrash: boolean, tail: string) => {
    const ts = terms('search', text);
    const { from, score } = sql(ts.length, includeTrash);
    return {
      text: `SELECT m.id AS id ${from} ORDER BY ${score} DESC, r.label, r.id ${tail}`,
      params: params(ts),
    };
  };
  return {
    fields,
    *matches(text, includeTrash) {
      const s = ordered(text, includeTrash, '');
      for (const row of db.prepare<unknown[], { id: string }>(s.text).iterate(...s.params)) yield row.id;
    },
    count(text, includeTrash) {
      const ts = terms('search', text);
      const { from } = sql(ts.length, includeTrash);
      return db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n ${from}`).get(...params(ts))!.n;
    },
    page(text, includeTrash, limit, offset) {
      const s = ordered(text, includeTrash, 'LIMIT ? OFFSET ?');
      return db
        .prepare<unknown[], { id: string }>(s.text)
        .all(...s.params, limit, offset)
        .map((r) => r.id);
    },
    compact() {
      for (const t of [WORDS, GRAMS]) db.exec(`INSERT INTO ${t} (${t}) VALUES ('optimize')`);
    },
  };
}

function count(fn: string, name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`${fn}: ${name} must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

/** Checks `search`'s options. */
export function searchOptionsArg(fn: string, options: unknown): Required<SearchOptions> {
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    throw badRequest(`${fn}: options must be an object, got ${describe(options)}`);
  }
  const o = (options ?? {}) as SearchOptions;
  if (o.includeTrash !== undefined && typeof o.includeTrash !== 'boolean') {
    throw badRequest(`${fn}: includeTrash must be a boolean, got ${describe(o.includeTrash)}`);
  }
  return {
    limit: count(fn, 'limit', o.limit, 20, 1, 100),
    offset: count(fn, 'offset', o.offset, 0, 0, 10_000),
    includeTrash: o.includeTrash === true,
  };
}

/**
 * Fuzzy search over the searched fields: every word of `text` must occur in a user's fields as
 * the start of a word or, from three characters, anywhere inside one (case and accents ignored).
 * Users matching more words by their starts come first, then by label. `visible` (a run under
 * access rules) keeps only the users it admits, and `total` counts only those.
 */
export function searchUsers(
  ctx: UsersContext,
  text: unknown,
  options?: unknown,
  visible?: SearchAccess,
): SearchResult {
  const fn = 'search';
  const { limit, offset, includeTrash } = searchOptionsArg(fn, options);
  terms(fn, text);
  const index = ctx.lifecycle.search;
  return ctx.store.transaction(() => {
    if (!visible) {
      const total = index.count(text as string, includeTrash);
      const users = index
        .page(text as string, includeTrash, limit, offset)
        .map((id) => ctx.store.findById(USERS, id))
        .filter((u): u is RecordData => u !== null);
      return { total, users };
    }
    let total = 0;
    const users: RecordData[] = [];
    for (const id of index.matches(text as string, includeTrash)) {
      if (!visible.admits(id)) continue;
      const user = total >= offset && users.length < limit ? visible.read(id) : null;
      if (user) users.push(user);
      total++;
    }
    return { total, users };
  });
}
