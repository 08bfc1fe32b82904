/**
 * Typings of Warden's script API: the global `sys` object and `log()`, as scripts see them.
 * Scripts run synchronously: every call returns its result directly (no promises).
 * Failures throw `sys.exceptions.ScriptException` with a code such as `badRequest`.
 *
 * Use it from an editor with `/// <reference path="node_modules/@warden/sys-api/types/sys.d.ts" />`
 * or by listing it in `compilerOptions.types` / `files` of a jsconfig.json.
 */

/**
 * Writes an INFO log line for the run. Values are joined with spaces; objects are written as JSON.
 * @example
 * log('user id: ' + user.id());
 */
declare function log(...values: unknown[]): void;

/** The script API. */
declare const sys: sys.Sys;

declare namespace sys {
  /** The `sys` object: one frozen namespace per area. */
  interface Sys {
    /** Records, queries, result sets, aggregates and record locks. */
    readonly data: data.Api;
    /** User records: status, passwords, groups, identity providers, endpoint configuration. */
    readonly users: users.Api;
    /** Who the run acts as. */
    readonly context: context.Api;
    /** The run's logs. */
    readonly logs: logs.Api;
    /** Errors: ScriptException, its codes, and helpers that read any thrown value. */
    readonly exceptions: exceptions.Api;
    /** Shared classes. */
    readonly commons: commons.Api;
    /** Text, XML, base64, numbers, crypto, time, key locks and script helpers (built on first use). */
    readonly utils: utils.Api;
    /** Messages to a UI, delivered to the host's `ui.message` listeners after commit. */
    readonly ui: ui.Api;
    /** Background jobs: read them, wait for them, report a job's progress. */
    readonly jobs: jobs.Api;
  }

  /** Records, queries, result sets, aggregates and record locks. */
  namespace data {
    /**
     * A query map: field paths to values or operator strings (`'greater(5)'`), plus `_size`,
     * `_sortField`, `_globalSearch`... A path may go on through a relationship into the related
     * record's fields (`'company.isCustomer'`).
     */
    type QueryMap = { [path: string]: unknown };

    /**
     * The wrapper `record.field(path)` gives: a Wrapper, ManyWrapper, RelationshipWrapper, ChoiceWrapper,
     * GroupWrapper, DateTimeWrapper or NestedWrapper, depending on the field's type in the app.
     */
    // biome-ignore lint/suspicious/noExplicitAny: the wrapper's kind depends on the app's schema
    type FieldWrapper = any;

    /**
     * Options of `save`. Any other option is refused with `badRequest`. A quiet write
     * (`triggerEvents: false` or `mode: 'lite'`) is refused with `forbidden` unless the embedder
     * granted the run quiet writes; when granted, it still runs the hooks the embedder enforced and
     * still records user events.
     */
    interface SaveOptions {
      /** `'lite'` skips validations, defaults and hooks that are not enforced, and returns null. */
      mode?: 'standard' | 'lite';
      performValidations?: boolean;
      defaultValues?: boolean;
      /** Accepted; entities have no calculated fields. */
      calculateFields?: boolean;
      /** `false` skips hooks and listeners that are not enforced. */
      triggerEvents?: boolean;
      /** `true` holds the record's lock for the write, waiting up to 5 s for another run's lock (`timeout`). */
      lockRecord?: boolean;
      /** Only `false`: Warden runs no cascade operations. */
      cascadeOperations?: false;
    }

    /** Options of `delete`; any other option (and `lowPriority: true`) is refused with `badRequest`. */
    interface DeleteOptions {
      /** `false` skips hooks and listeners that are not enforced; a quiet write, as for `save`. */
      triggerEvents?: boolean;
      /** Only `false`: Warden runs no cascade operations. */
      cascadeOperations?: false;
      /** Only `false`: the delete runs at once, inside the run's transaction. */
      lowPriority?: false;
      /** `true`: delete in a background job (started when the run commits); `delete` answers its id. */
      executeInBackground?: boolean;
    }

    /**
     * How an action runs: `executeInBackground` (or its alias `async`) `true` queues it as a job,
     * started once the run commits, and the call answers the job id.
     */
    interface ActionOptions {
      executeInBackground?: boolean;
      async?: boolean;
      /** Accepted for Slingr compatibility; Warden has one queue. */
      queue?: string;
    }

    /** `sys.data` */
    interface Api {
      /**
       * Finds a record by id.
       * @returns the record, or null when there is none.
       * @example
       * const company = sys.data.findById('companies', companyId);
       */
      findById(entityName: string, id: string): Record | null;

      /**
       * Finds a record by id and locks it (the lock is released when the run ends or by `unlock`).
       * @returns the locked record, or null when there is none.
       * @example
       * const company = sys.data.findByIdAndLock('companies', companyId);
       */
      findByIdAndLock(entityName: string, id: string): Record | null;

      /**
       * Finds records. A string query is a badRequest; pass a map or a builder.
       * @returns a lazy cursor over the matching records (default order: newest first).
       * @example
       * const rs = sys.data.find('companies', { type: 'a', _sortField: 'name', _sortType: 'asc' });
       * while (rs.hasNext()) log(rs.next().label());
       */
      find(entityName: string, query?: QueryMap | null): sys.commons.ResultSet<Record>;
      /**
       * Finds the records of a query builder.
       * @example
       * const rs = sys.data.find(sys.data.createQuery('companies').field('type').equals('a'));
       */
      find(query: Query): sys.commons.ResultSet<Record>;

      /**
       * Finds the first matching record. A string query is a key: the record id, or on `sys.users` also the email.
       * @returns the record, or null.
       * @example
       * const user = sys.data.findOne('sys.users', 'user@company.com');
       * const company = sys.data.findOne('companies', { name: 'Acme' });
       */
      findOne(entityName: string, query?: QueryMap | string | null): Record | null;
      /**
       * Finds the first record of a query builder.
       * @example
       * const company = sys.data.findOne(sys.data.createQuery('companies').field('name').like('acme'));
       */
      findOne(query: Query): Record | null;

      /**
       * Finds the first matching record and locks it.
       * @returns the locked record, or null.
       * @example
       * const company = sys.data.findOneAndLock('companies', { name: 'Acme' });
       */
      findOneAndLock(entityName: string, query?: QueryMap | string | null): Record | null;
      /**
       * Finds the first record of a query builder and locks it.
       * @example
       * const company = sys.data.findOneAndLock(sys.data.createQuery('companies').field('name').equals('Acme'));
       */
      findOneAndLock(query: Query): Record | null;

      /**
       * Counts matching records, ignoring `_size` and `_offset`.
       * @example
       * const customers = sys.data.count('companies', { isCustomer: true });
       */
      count(entityName: string, query?: QueryMap | null): number;
      /**
       * Counts the records of a query builder.
       * @example
       * const n = sys.data.count(sys.data.createQuery('companies').field('type').equals('a'));
       */
      count(query: Query): number;

      /**
       * Runs an aggregate pipeline (match, group, sort, project, count, skip, limit, unwind, lookup).
       * @returns a cursor over plain objects.
       * @example
       * const rs = sys.data.aggregate('companies', [{ group: { by: 'type', total: 'sum(employees)' } }]);
       */
      aggregate(entityName: string, pipeline: object[]): sys.commons.ResultSet<{ [key: string]: unknown }>;
      /**
       * Runs the pipeline of an aggregate query builder.
       * @example
       * const q = sys.data.createAggregateQuery('companies');
       * q.group().by('type').accumulate('total').sum('employees');
       * const rows = sys.data.aggregate(q).toArray();
       */
      aggregate(query: AggregateQuery): sys.commons.ResultSet<{ [key: string]: unknown }>;

      /**
       * Reads the latest stored version of a record.
       * @returns a new Record, or null when it was removed.
       * @example
       * company = sys.data.refresh(company);
       */
      refresh(record: Record): Record | null;

      /**
       * Inserts a new record or updates a saved one (version-checked: a stale record throws
       * `optimisticLocking`). The passed record is updated in place with its id, version, label and defaults.
       * The write reaches the database with the next saves, in one batch, before any other `sys` call or
       * log and before the record is used again; an error is still thrown here, at the call (the run is
       * replayed from the start to throw it, within the run's time limits).
       * @returns the same record, or null in lite mode.
       * @example
       * const company = sys.data.createRecord('companies');
       * company.field('name').val('Acme');
       * sys.data.save(company);
       * log(company.id());
       */
      save(record: Record, options?: SaveOptions): Record | null;

      /**
       * Creates a new, unsaved record. Without an entity name it uses the run's context entity.
       * @example
       * const user = sys.data.createRecord('sys.users');
       */
      createRecord(entityName?: string): Record;

      /**
       * Removes a saved record.
       * @returns the removed record.
       * @example
       * sys.data.remove(user);
       */
      remove(record: Record): Record;

      /**
       * Deletes every matching record (ignores `_size` and `_offset`).
       * @returns what the host reports (the number of deleted records).
       * @example
       * sys.data.delete('companies', { type: 'c' });
       */
      delete(entityName: string, query?: QueryMap | null, options?: DeleteOptions): unknown;

      /**
       * Imports CSV (a header of field names) or JSON Lines text into an entity, in the run's
       * transaction. Slingr takes an uploaded file's id; Warden takes the file's text.
       * `skipRecordsWithInvalidFields` (default true) skips bad rows and reports them by line;
       * false fails the call on any bad row and writes nothing.
       * @example
       * const report = sys.data.importRecords('companies', csvText, { format: 'csv' });
       * log(report.imported + ' imported, ' + report.errors.length + ' bad rows');
       */
      importRecords(
        entityName: string,
        text: string,
        options?: {
          format?: 'csv' | 'jsonl';
          skipRecordsWithInvalidFields?: boolean;
          triggerEvents?: boolean;
        },
      ): { imported: number; skipped: number; errors: { line: number; code: string; message: string }[] };

      /**
       * Runs an entity action on every record the query matches, as one background job that
       * starts once the run commits (it reports its progress). A query builder may replace the
       * first two arguments.
       * @returns the job id.
       * @example
       * const jobId = sys.data.executeAction('tickets', { status: 'open' }, 'close', { note: 'bulk' });
       */
      executeAction(
        entityName: string | Query,
        query: QueryMap | null | string,
        actionName?: string | Record<string, unknown>,
        params?: Record<string, unknown> | ActionOptions,
        options?: ActionOptions,
      ): string;

      /**
       * Runs a global action: `(actionName, params?, options?)` for an app-level action,
       * `(entityName, actionName, params?, options?)` for an entity's. In the background by
       * default (answers the job id); `{async: false}` runs it in this run and answers its value.
       * @example
       * const total = sys.data.executeGlobalAction('recount', {}, { async: false });
       */
      executeGlobalAction(
        actionOrEntity: string,
        paramsOrAction?: Record<string, unknown> | string,
        optionsOrParams?: ActionOptions | Record<string, unknown>,
        options?: ActionOptions,
      ): unknown;

      /**
       * Creates a query builder for an entity.
       * @example
       * const q = sys.data.createQuery('companies').field('type').equals('a').sortBy('name', 'asc').size(10);
       */
      createQuery(entityName: string): Query;

      /**
       * Creates an aggregate query builder for an entity.
       * @example
       * const q = sys.data.createAggregateQuery('companies');
       * q.match().field('isCustomer').equals(true);
       */
      createAggregateQuery(entityName: string): AggregateQuery;

      /**
       * Locks a saved record, waiting up to `timeoutMs` milliseconds; throws `timeout` when not acquired.
       * Locks are reentrant and released when the run ends.
       * @returns the latest version of the record.
       * @example
       * const locked = sys.data.lock(company, 5000);
       * try { locked.field('employees').val(10); sys.data.save(locked); } finally { sys.data.unlock(locked); }
       */
      lock(record: Record, timeoutMs?: number): Record;

      /**
       * Like `lock`, but answers null instead of throwing when the lock is not acquired in time.
       * @example
       * const locked = sys.data.tryLock(company, 1000);
       * if (locked === null) log('busy');
       */
      tryLock(record: Record, timeoutMs?: number): Record | null;

      /**
       * Releases one lock of a record.
       * @example
       * sys.data.unlock(company);
       */
      unlock(record: Record): void;

      /**
       * Locks a record by id, waiting up to `timeoutMs` milliseconds; throws `timeout` when not acquired.
       * @example
       * const company = sys.data.lockById('companies', companyId, 5000);
       */
      lockById(entityName: string, id: string, timeoutMs?: number): Record;

      /**
       * Locks a record by id, or answers null when the lock is not acquired in time.
       * @example
       * const company = sys.data.tryLockById('companies', companyId, 1000);
       */
      tryLockById(entityName: string, id: string, timeoutMs?: number): Record | null;

      /**
       * Releases one lock of a record, by id.
       * @example
       * sys.data.unlockById('companies', companyId);
       */
      unlockById(entityName: string, id: string): void;
      /** Records: `instanceof sys.data.Record`; made by `createRecord` and the finders. */
      readonly Record: RecordClass;
      /** Field wrappers: `instanceof sys.data.Wrapper`; made by `record.field(path)`. */
      readonly Wrapper: WrapperClass;
      /** Multi-valued field wrappers: `instanceof sys.data.ManyWrapper`. */
      readonly ManyWrapper: ManyWrapperClass;
      /** The query builder class. */
      readonly Query: QueryClass;
      /** Query conditions: `instanceof sys.data.QueryField`; made by `query.field(path)`. */
      readonly QueryField: QueryFieldClass;
      /** The aggregate query builder class. */
      readonly AggregateQuery: AggregateQueryClass;
    }

    interface RecordClass extends Function {
      readonly prototype: Record;
    }
    interface WrapperClass extends Function {
      readonly prototype: Wrapper;
    }
    interface ManyWrapperClass extends Function {
      readonly prototype: ManyWrapper;
    }
    interface QueryFieldClass extends Function {
      readonly prototype: QueryField;
    }
    interface QueryClass {
      /**
       * Same as `sys.data.createQuery(entityName)`.
       * @example
       * const q = new sys.data.Query('companies');
       */
      new (entityName: string): Query;
      readonly prototype: Query;
    }
    interface AggregateQueryClass {
      /**
       * Same as `sys.data.createAggregateQuery(entityName)`.
       * @example
       * const q = new sys.data.AggregateQuery('companies');
       */
      new (entityName: string): AggregateQuery;
      readonly prototype: AggregateQuery;
    }

    /** A record of an entity. Records of `sys.users` also have the methods of `UserRecord`. */
    interface Record {
      /**
       * The record id, or null before the first save.
       * @example
       * log('user id: ' + user.id());
       */
      id(): string | null;
      /**
       * The record label (computed on save).
       * @example
       * log(company.label());
       */
      label(): string | null;
      /**
       * The entity name.
       * @example
       * if (record.entityName() === 'sys.users') log('a user');
       */
      entityName(): string;
      /**
       * True until the record is saved.
       * @example
       * if (record.isNew()) sys.data.save(record);
       */
      isNew(): boolean;
      /**
       * Runs the entity action `actionName` on this saved record, inside this run: the action's
       * script gets `record`, `params` and `action`, and the record is saved when it changed it.
       * `{executeInBackground: true}` queues it as a job instead.
       * @returns this record, updated; the action's own value when it returns one; or a job id.
       * @example
       * ticket.action('close', { note: 'fixed' });
       */
      action(actionName: string, params?: Record<string, unknown>, options?: ActionOptions): unknown;
      /**
       * The wrapper of a field path: `'name'`, `'address.state'`, `'addresses[0].state'`.
       * An invalid path is a badRequest.
       * @example
       * company.field('name').val('Acme');
       * const state = company.field('addresses[0].state').val();
       */
      field(path: string): FieldWrapper;
      /**
       * A new unsaved record with the same values and no ids.
       * @example
       * const clone = company.copy();
       * sys.data.save(clone);
       */
      copy(): Record;
      /**
       * The record as JSON: `id`, `version`, `label`, `entity` and the field values (write-only fields never).
       * @example
       * log(JSON.stringify(company.toJson({ fields: 'name,type', format: 'plainText' })));
       */
      toJson(options?: { fields?: string | string[]; format?: 'native' | 'plainText' }): {
        [key: string]: unknown;
      };
      /**
       * Merges a full or partial JSON form into the record. The record keeps its own id (a new
       * record stays new: `createRecord('x').fromJson(other.toJson())` saves a copy); values that
       * do not fit their fields are kept and reported by the save, as `val(value)` does.
       * @example
       * company.fromJson({ name: 'Acme', employees: 10 });
       */
      fromJson(json: object): this;
      /**
       * The entity's id: Warden's entities have none of their own, so this is the entity name.
       * @example
       * log('entity: ' + company.entityId());
       */
      entityId(): string;
      /**
       * The record one field prefix up (Slingr's calculated fields); null for a record read whole.
       * @example
       * const up = record.parent();
       */
      parent(): Record | null;
      /**
       * Takes the record's lock (reentrant; a `timeout` after 5 minutes) and refreshes the record.
       * With a callback, the lock is released when the callback ends and the record is refreshed;
       * without one, call `unlock()` (locks left are released when the run ends).
       * @example
       * company.lock(function (c) { c.field('notes').val('checked'); sys.data.save(c); });
       */
      lock(callback?: (record: this) => unknown): this;
      /**
       * Releases one take of the record's lock.
       * @example
       * company.lock();
       * try { sys.data.save(company); } finally { company.unlock(); }
       */
      unlock(): void;
      /**
       * What `JSON.stringify(record)` writes: the same as `toJson()`.
       * @example
       * log(JSON.stringify(company));
       */
      toJSON(): { [key: string]: unknown };
      /**
       * The record's history (the entity declares `"history": true`), newest first.
       * @example
       * const last = company.auditLogs().lastModifiedLog();
       * if (last) log(last.user() + ' changed ' + Object.keys(last.newRecord()));
       */
      auditLogs(): RecordAuditLogs;
      /**
       * The legacy name of `auditLogs()`.
       * @example
       * const logs = company.history().find({ size: 5 });
       */
      history(): RecordAuditLogs;
      /** Slingr's record marker, checked by its packages (`user.__class__ !== 'Data'`). */
      readonly __class__: 'Data';
    }

    /** A record's audit logs (`record.auditLogs()`). */
    interface RecordAuditLogs {
      /**
       * Logs newest first; `eventType` like `SCRIPT_RECORD_CHANGED` (`*_RECORD_CHANGED`: any category).
       * @example
       * const changes = company.auditLogs().find({ eventType: '*_RECORD_CHANGED', size: 10 });
       */
      find(options?: {
        eventType?: string;
        from?: Date | number;
        to?: Date | number;
        size?: number;
        offset?: number;
      }): RecordAuditLog[];
      /**
       * The log of the record's creation, or null.
       * @example
       * const created = company.auditLogs().createLog();
       */
      createLog(): RecordAuditLog | null;
      /**
       * The latest change's log, or null.
       * @example
       * const last = company.auditLogs().lastModifiedLog();
       */
      lastModifiedLog(): RecordAuditLog | null;
    }

    /** One change of a record: who, when, and the old and new values of the changed fields. */
    interface RecordAuditLog {
      /**
       * The log's id.
       * @example
       * log(company.auditLogs().find()[0].id());
       */
      id(): string;
      /**
       * When the change was made.
       * @example
       * log(company.auditLogs().find()[0].timestamp());
       */
      timestamp(): Date;
      /**
       * SCRIPT (a run) or SYSTEM (a host call).
       * @example
       * log(company.auditLogs().find()[0].eventCategory());
       */
      eventCategory(): 'SCRIPT' | 'SYSTEM';
      /**
       * `SCRIPT_RECORD_CREATED`, `SYSTEM_RECORD_CHANGED`, ….
       * @example
       * log(company.auditLogs().find()[0].eventType());
       */
      eventType(): string;
      /**
       * The acting user's email, or null for the system.
       * @example
       * log(company.auditLogs().find()[0].user());
       */
      user(): string | null;
      /**
       * The client address, when the change came with one.
       * @example
       * log(company.auditLogs().find()[0].ip());
       */
      ip(): string | null;
      /**
       * The changed fields before the change.
       * @example
       * log(company.auditLogs().find()[0].oldRecord());
       */
      oldRecord(): { [field: string]: { json: unknown; text: string | null } };
      /**
       * The changed fields after the change.
       * @example
       * log(company.auditLogs().find()[0].newRecord());
       */
      newRecord(): { [field: string]: { json: unknown; text: string | null } };
    }

    /** A `sys.users` record, with the legacy user methods. */
    interface UserRecord extends Record {
      /**
       * The user's email.
       * @example
       * log(user.email());
       */
      email(): string | null;
      /**
       * The user's status: ACTIVE, INACTIVE or BLOCKED.
       * @example
       * log('user status: ' + user.status());
       */
      status(): 'ACTIVE' | 'INACTIVE' | 'BLOCKED' | null;
      /**
       * First and last name.
       * @example
       * log(user.fullName());
       */
      fullName(): string;
      /**
       * Same as `sys.users.containsGroup(user, group)`.
       * @example
       * if (user.containsGroup('admins')) log('admin');
       */
      containsGroup(group: string): boolean;
      /**
       * Same as `sys.users.isPrimaryGroup(user, group)`.
       * @example
       * if (user.isPrimaryGroup('admins')) log('primary admin');
       */
      isPrimaryGroup(group: string): boolean;
    }

    /** The value of one field path of a record. */
    interface Wrapper<T = unknown> {
      /**
       * Reads the value (dateTime as a Date, multi-valued as an array; write-only fields read null),
       * or with an argument converts, checks and stores it (invalid values are a badRequest).
       * @example
       * const name = company.field('name').val();
       * company.field('updatedAt').val(new Date());
       */
      val(): T;
      val(value: unknown): void;
      /**
       * True for null, for '' in text fields, and for a multi-valued field without items.
       * @example
       * if (company.field('notes').isEmpty()) log('no notes');
       */
      isEmpty(): boolean;
      /**
       * The opposite of `isEmpty`.
       * @example
       * if (company.field('notes').isNotEmpty()) log('has notes');
       */
      isNotEmpty(): boolean;
      /**
       * Compares with any value the field accepts.
       * @example
       * if (company.field('type').equals('a')) log('type a');
       */
      equals(value: unknown): boolean;
    }

    /** A multi-valued field. Items are reached through element wrappers. */
    interface ManyWrapper<T = unknown> extends Wrapper<T[]> {
      /**
       * Appends a value, or inserts it at `index` and shifts the rest.
       * @example
       * company.field('tags').add('vip');
       * company.field('tags').add(0, 'first');
       */
      add(value: unknown): void;
      add(index: number, value: unknown): void;
      /**
       * Removes the first item equal to `value`, or every item for which `fn(item)` is true.
       * @example
       * company.field('tags').remove('old');
       * company.field('addresses').remove((a) => a.field('state').equals('NY'));
       */
      remove(valueOrFn: unknown | ((item: FieldWrapper) => boolean)): void;
      /**
       * Removes the item at `index`.
       * @example
       * company.field('tags').removeAt(0);
       */
      removeAt(index: number): void;
      /**
       * Removes every item.
       * @example
       * company.field('tags').removeAll();
       */
      removeAll(): void;
      /**
       * Calls `fn(item, index)` for each item; returning false stops.
       * @example
       * company.field('addresses').each((a, i) => { log(i + ': ' + a.field('state').val()); });
       */
      each(fn: (item: FieldWrapper, index: number) => unknown): void;
      /**
       * The wrapper of the item at `index` (reads null past the end; writing creates the item).
       * @example
       * const first = company.field('tags').get(0).val();
       */
      get(index: number): FieldWrapper;
      /**
       * The first item's wrapper, or null when empty.
       * @example
       * const a = company.field('addresses').first();
       */
      first(): FieldWrapper;
      /**
       * The last item's wrapper, or null when empty.
       * @example
       * const a = company.field('addresses').last();
       */
      last(): FieldWrapper;
      /**
       * The number of items.
       * @example
       * log(company.field('tags').size());
       */
      size(): number;
      /**
       * True when an item equals `value`.
       * @example
       * if (company.field('tags').contains('vip')) log('vip');
       */
      contains(value: unknown): boolean;
    }

    /** The wrapper of a relationship field: the value is `{id, label}`. */
    interface RelationshipWrapper extends Wrapper<{ id: string | null; label: string | null } | null> {
      /**
       * The related record's id.
       * @example
       * const ownerId = company.field('owner').id();
       */
      id(): string | null;
      /**
       * The related record's label.
       * @example
       * log(company.field('owner').label());
       */
      label(): string | null;
      /**
       * Reads the related record; a badRequest when there is no id.
       * @example
       * const owner = company.field('owner').fetch();
       */
      fetch(): Record | null;
      /**
       * Reads and locks the related record (`sys.data.findByIdAndLock`); null when it is gone.
       * @example
       * const owner = company.field('owner').fetchAndLock();
       */
      fetchAndLock(): Record | null;
    }

    /** The wrapper of a choice field: the value is the choice code. */
    interface ChoiceWrapper extends Wrapper<string | null> {
      /**
       * The choice label (the code: the app schema holds codes only).
       * @example
       * log(user.field('status').label());
       */
      label(): string | null;
    }

    /** The wrapper of a group field: the value is the group name. */
    interface GroupWrapper extends Wrapper<string | null> {
      /**
       * The group id.
       * @example
       * log(user.field('groups[0].group').id());
       */
      id(): string | null;
      /**
       * The group name.
       * @example
       * log(user.field('groups[0].group').name());
       */
      name(): string | null;
      /**
       * The group label.
       * @example
       * log(user.field('groups[0].group').label());
       */
      label(): string | null;
    }

    /** The wrapper of a dateTime field: the value is a Date. */
    interface DateTimeWrapper extends Wrapper<Date | null> {
      /**
       * The value as epoch milliseconds.
       * @example
       * const ms = company.field('updatedAt').toMillis();
       */
      toMillis(): number | null;
      /**
       * The instant as a Java-style pattern writes it (default `yyyy-MM-dd HH:mm`), in the time
       * zone `timeZoneId` (default UTC); '' when empty. Unknown letters and zones are a badRequest.
       * @example
       * log(company.field('lastUpdate').format('MM/dd/yyyy hh:mm a', 'America/Buenos_Aires'));
       */
      format(pattern?: string, timeZoneId?: string): string;
    }

    /** The wrapper of a date field: the value is a Date at 00:00 UTC (stored as `yyyy-MM-dd`). */
    interface DateWrapper extends Wrapper<Date | null> {
      /**
       * Moves the date by whole days (negative goes back); returns the wrapper.
       * @example
       * company.field('startDate').addDays(2);
       */
      addDays(numberOfDays: number): this;
      /**
       * The date as a Java-style pattern writes it (default `yyyy-MM-dd`); '' when empty.
       * @example
       * log(company.field('startDate').format('MM-dd-yyyy'));
       */
      format(pattern?: string): string;
    }

    /** The wrapper of a time field: the value is `HH:mm`. */
    interface TimeWrapper extends Wrapper<string | null> {
      /**
       * The time as a pattern writes it (default `HH:mm`; `h:mm a` gives `8:30 AM`); '' when empty.
       * @example
       * log(company.field('openingHours').format('h:mm a'));
       */
      format(pattern?: string): string;
    }

    /** Display options of number wrappers' `format`. */
    interface NumberFormatOptions {
      thousandsSeparator?: boolean;
      limitNumberOfDecimals?: boolean;
      /** 0 to 20; 2 when limiting without it. */
      numberOfDecimals?: number;
      limitRuleType?: 'TRUNCATE' | 'ROUND';
    }

    /** The wrapper of an integer, decimal or money field. */
    interface NumberWrapper extends Wrapper<number | null> {
      /**
       * The value in hexadecimal (`ff`); '' when empty.
       * @example
       * log(project.field('numberOfPeople').toHex());
       */
      toHex(): string;
      /**
       * The value with display options; '' when empty.
       * @example
       * log(invoice.field('total').format({ thousandsSeparator: true, limitNumberOfDecimals: true, numberOfDecimals: 2 }));
       */
      format(options?: NumberFormatOptions): string;
    }

    /** The wrapper of a url field: a URL, or `(url)<text>` / `[text](url)`. */
    interface UrlWrapper extends Wrapper<string | null> {
      /**
       * The URL alone.
       * @example
       * log(company.field('homepage').url());
       */
      url(): string | null;
      /**
       * The link text (the URL itself when there is none).
       * @example
       * log(company.field('homepage').text());
       */
      text(): string | null;
    }

    /** The wrapper of a rank field: base-36 strings (`0-9a-z`) whose order is the records' order. */
    interface RankWrapper extends Wrapper<string | null> {
      /**
       * Sets a rank that sorts before `rank`; returns the new rank.
       * @example
       * task1.field('rank').rankBefore(task2.field('rank').val());
       */
      rankBefore(rank: string): string;
      /**
       * Sets a rank that sorts after `rank`; returns the new rank.
       * @example
       * task1.field('rank').rankAfter(task2.field('rank').val());
       */
      rankAfter(rank: string): string;
      /**
       * Sets a rank between two ranks (`before` sorts first); returns the new rank.
       * @example
       * task1.field('rank').rankBetween(task2.field('rank').val(), task3.field('rank').val());
       */
      rankBetween(before: string, after: string): string;
    }

    /** The wrapper of a nested field (or of one item of a multi-valued nested field). */
    interface NestedWrapper extends Wrapper<{ [key: string]: unknown } | null> {
      /**
       * The wrapper of a child path.
       * @example
       * company.field('contact').field('email').val('info@acme.test');
       */
      field(path: string): FieldWrapper;
      /**
       * The nested item's id (items of multi-valued nested fields carry one once saved).
       * @example
       * const itemId = company.field('addresses[0]').id();
       */
      id(): string | null;
    }

    /** The query builder. Paths are checked against the entity while building. */
    interface Query {
      /**
       * Starts a condition on a field path; the operator returns the query.
       * @example
       * q.field('employees').greater(10).field('type').equals('a');
       */
      field(path: string): QueryField<Query>;
      /**
       * The maximum number of results.
       * @example
       * q.size(20);
       */
      size(n: number): this;
      /**
       * Skips `n` results, or starts after the record with that id.
       * @example
       * q.offset(40);
       */
      offset(nOrId: number | string): this;
      /**
       * Sorts by one field (default: id descending, i.e. newest first).
       * @example
       * q.sortBy('name', 'asc');
       */
      sortBy(path: string, direction?: 'asc' | 'desc'): this;
      /**
       * Returns only these fields (id, version and label always come back).
       * @example
       * q.includeFields('name', 'type');
       */
      includeFields(...paths: string[]): this;
      /**
       * Full-text search: records whose text fields (text, long text, email, choice, relationship
       * labels) hold every word, each as a word prefix, ignoring case and accents; "quoted words"
       * match as a phrase. The `_globalSearch` key of a query map does the same.
       * @example
       * q.globalSearch('acme "rocket skates"');
       */
      globalSearch(text: string): this;
      /**
       * Adds boolean logic with `q.and`/`q.or`, or a query string in the complex syntax.
       * @example
       * q.query((c) => c.or(c.field('type').equals('a'), c.field('isCustomer').equals(true)));
       * q.query("or(filter('type','a'),filter('type','b'))");
       */
      query(fnOrString: ((q: ComplexQueryHelper) => ComplexQueryCriteria) | string): this;
    }

    /** The operators of a query condition. Chained they return the query; inside `query(fn)`, a criterion. */
    interface QueryField<R = Query> {
      /**
       * Equal to the value (null means empty).
       * @example
       * q.field('type').equals('a');
       */
      equals(value: unknown): R;
      /**
       * Not equal to the value.
       * @example
       * q.field('type').notEquals('a');
       */
      notEquals(value: unknown): R;
      /**
       * Contains the text; `/text` starts with, `text/` ends with, `/regexp/` matches.
       * @example
       * q.field('name').like('acme');
       */
      like(value: string): R;
      /**
       * Between two values, inclusive.
       * @example
       * q.field('employees').between(10, 50);
       */
      between(from: unknown, to: unknown): R;
      /**
       * Greater than the value.
       * @example
       * q.field('employees').greater(10);
       */
      greater(value: unknown): R;
      /**
       * Greater than or equal to the value.
       * @example
       * q.field('employees').greaterOrEquals(10);
       */
      greaterOrEquals(value: unknown): R;
      /**
       * Less than the value.
       * @example
       * q.field('employees').less(10);
       */
      less(value: unknown): R;
      /**
       * Less than or equal to the value.
       * @example
       * q.field('employees').lessOrEquals(10);
       */
      lessOrEquals(value: unknown): R;
      /**
       * Has no value.
       * @example
       * q.field('notes').empty();
       */
      empty(): R;
      /**
       * Has a value.
       * @example
       * q.field('notes').notEmpty();
       */
      notEmpty(): R;
    }

    /** The `q` of `query(fn)`. */
    interface ComplexQueryHelper {
      /**
       * A condition on a field; its operator returns a criterion.
       * @example
       * q.field('type').equals('a');
       */
      field(path: string): QueryField<ComplexQueryCriteria>;
      /**
       * All criteria must hold.
       * @example
       * q.and(q.field('type').equals('b'), q.field('isCustomer').equals(true));
       */
      and(...criteria: ComplexQueryCriteria[]): ComplexQueryCriteria;
      /**
       * One of the criteria must hold.
       * @example
       * q.or(q.field('type').equals('a'), q.field('type').equals('b'));
       */
      or(...criteria: ComplexQueryCriteria[]): ComplexQueryCriteria;
    }

    /** A criterion of `query(fn)`. */
    interface ComplexQueryCriteria {
      /**
       * The criterion in the complex string syntax.
       * @example
       * log(q.or(q.field('type').equals('a'), q.field('type').equals('b')).toString());
       */
      toString(): string;
    }

    /** The aggregate query builder: each method adds a stage and returns that stage's builder. */
    interface AggregateQuery {
      /**
       * A filter stage.
       * @example
       * q.match().field('type').equals('a');
       */
      match(): MatchStage;
      /**
       * A grouping stage with accumulators.
       * @example
       * q.group().by('type').accumulate('total').sum('employees');
       */
      group(): GroupStage;
      /**
       * A sort stage.
       * @example
       * q.sort().by('total', 'desc');
       */
      sort(): SortStage;
      /**
       * A projection stage.
       * @example
       * q.project().field('name').field('type');
       */
      project(): ProjectStage;
      /**
       * A stage that counts the rows into one field.
       * @example
       * q.count().counterName('total');
       */
      count(): CountStage;
      /**
       * A stage that skips rows.
       * @example
       * q.skip().step(10);
       */
      skip(): StepStage;
      /**
       * A stage that keeps the first rows.
       * @example
       * q.limit().step(5);
       */
      limit(): StepStage;
      /**
       * A stage that emits one row per item of a multi-valued field.
       * @example
       * q.unwind().path('addresses').includeEmpty(false);
       */
      unwind(): UnwindStage;
      /**
       * A stage that joins records of another entity.
       * @example
       * q.lookup().localField('parent').foreignField('id').foreignEntity('companies').as('parentCompany');
       */
      lookup(): LookupStage;
    }

    interface MatchStage {
      /**
       * A filter condition; its operator returns the stage.
       * @example
       * q.match().field('employees').greater(10);
       */
      field(path: string): QueryField<MatchStage>;
    }
    interface GroupStage {
      /**
       * A grouping path (repeat for several).
       * @example
       * q.group().by('type').by('isCustomer');
       */
      by(path: string): GroupStage;
      /**
       * An output field computed by an accumulator.
       * @example
       * q.group().by('type').accumulate('avgEmployees').avg('employees');
       */
      accumulate(name: string): Accumulator;
    }
    interface Accumulator {
      /**
       * Counts the rows of the group.
       * @example
       * q.group().by('type').accumulate('n').count();
       */
      count(): GroupStage;
      /**
       * Sums a field.
       * @example
       * q.group().by('type').accumulate('total').sum('employees');
       */
      sum(path: string): GroupStage;
      /**
       * Averages a field (nulls ignored).
       * @example
       * q.group().by('type').accumulate('avg').avg('employees');
       */
      avg(path: string): GroupStage;
      /**
       * The first value of a field.
       * @example
       * q.group().by('type').accumulate('firstName').first('name');
       */
      first(path: string): GroupStage;
      /**
       * The last value of a field.
       * @example
       * q.group().by('type').accumulate('lastName').last('name');
       */
      last(path: string): GroupStage;
      /**
       * The smallest value of a field.
       * @example
       * q.group().by('type').accumulate('least').min('employees');
       */
      min(path: string): GroupStage;
      /**
       * The largest value of a field.
       * @example
       * q.group().by('type').accumulate('most').max('employees');
       */
      max(path: string): GroupStage;
    }
    interface SortStage {
      /**
       * A sort key (repeat for several).
       * @example
       * q.sort().by('total', 'desc').by('type');
       */
      by(path: string, direction?: 'asc' | 'desc'): SortStage;
    }
    interface ProjectStage {
      /**
       * A field to keep.
       * @example
       * q.project().field('type');
       */
      field(path: string): ProjectStage;
    }
    interface CountStage {
      /**
       * The name of the count field.
       * @example
       * q.count().counterName('rows');
       */
      counterName(name: string): CountStage;
    }
    interface StepStage {
      /**
       * The number of rows.
       * @example
       * q.limit().step(10);
       */
      step(n: number): StepStage;
    }
    interface UnwindStage {
      /**
       * The multi-valued field to unwind.
       * @example
       * q.unwind().path('addresses');
       */
      path(path: string): UnwindStage;
      /**
       * Keeps rows whose field has no items.
       * @example
       * q.unwind().path('addresses').includeEmpty(true);
       */
      includeEmpty(include: boolean): UnwindStage;
    }
    interface LookupStage {
      /**
       * The path in this entity.
       * @example
       * q.lookup().localField('parent');
       */
      localField(path: string): LookupStage;
      /**
       * The path in the other entity.
       * @example
       * q.lookup().foreignField('id');
       */
      foreignField(path: string): LookupStage;
      /**
       * The other entity.
       * @example
       * q.lookup().foreignEntity('companies');
       */
      foreignEntity(entityName: string): LookupStage;
      /**
       * The output field.
       * @example
       * q.lookup().as('parentCompany');
       */
      as(name: string): LookupStage;
    }
  }

  /** Shared helper types. */
  namespace commons {
    /** A forward-only cursor, read lazily in pages. */
    /** `sys.commons` */
    interface Api {
      /** Result sets: `instanceof sys.commons.ResultSet`; made by `find` and `aggregate`. */
      readonly ResultSet: ResultSetClass;
    }
    interface ResultSetClass extends Function {
      readonly prototype: ResultSet<unknown>;
    }
    interface ResultSet<T> {
      /**
       * True while elements are left.
       * @example
       * while (rs.hasNext()) log(rs.next().label());
       */
      hasNext(): boolean;
      /**
       * The next element; a badRequest when none is left.
       * @example
       * const first = rs.next();
       */
      next(): T;
      /**
       * The next record, locked.
       * @example
       * const locked = rs.nextAndLock();
       */
      nextAndLock(): T;
      /**
       * The total number of matches, ignoring `_size`.
       * @example
       * log(rs.count() + ' companies');
       */
      count(): number;
      /**
       * The remaining elements as an array; a systemException above 1,000.
       * @example
       * const all = sys.data.find('companies', { type: 'a' }).toArray();
       */
      toArray(): T[];
      /**
       * Releases the cursor.
       * @example
       * try { rs.next(); } finally { rs.close(); }
       */
      close(): void;
    }
  }

  /** User records: status, passwords, groups, identity providers, endpoint configuration. */
  namespace users {
    /** `sys.users` */
    interface Api {
      /**
       * Sets the user ACTIVE (nothing happens when already active).
       * @returns the user, updated in place.
       * @example
       * user = sys.users.activate(user);
       */
      activate(user: sys.data.Record): sys.data.UserRecord;
      /**
       * Sets the user INACTIVE (nothing happens when already inactive).
       * @returns the user, updated in place.
       * @example
       * user = sys.users.deactivate(user);
       */
      deactivate(user: sys.data.Record): sys.data.UserRecord;
      /**
       * Resets the password (a BLOCKED user becomes ACTIVE). `notify` is an alias of `notifyUser`.
       * @example
       * const result = sys.users.resetPassword(user, { notifyUser: true });
       * log(result.link);
       */
      resetPassword(
        user: sys.data.Record,
        options?: { notifyUser?: boolean; notify?: boolean },
      ): { userId: string; userEmail: string; resetCode: string; link: string };
      /**
       * Changes the password (a BLOCKED user becomes ACTIVE).
       * @example
       * sys.users.updatePassword(user, { currentPassword: 'old', newPassword: 'n3w-Secret', notifyUser: true });
       */
      updatePassword(
        user: sys.data.Record,
        options: { notifyUser?: boolean; currentPassword?: string; newPassword: string },
      ): { userId: string; userEmail: string };
      /**
       * Enables an identity provider for a user (or updates its external id); saved at once.
       * @returns the saved user.
       * @example
       * user = sys.users.addIdentityProvider(user.id(), 'slack', user.email());
       */
      addIdentityProvider(
        userId: string | sys.data.Record,
        identityProviderIdOrName: string,
        externalId?: string | null,
      ): sys.data.UserRecord;
      /**
       * Disables an identity provider for a user; saved at once.
       * @returns the saved user.
       * @example
       * user = sys.users.removeIdentityProvider(user.id(), 'slack');
       */
      removeIdentityProvider(
        userId: string | sys.data.Record,
        identityProviderIdOrName: string,
      ): sys.data.UserRecord;
      /**
       * True when the user is in the group (by id, name or label).
       * @example
       * const isAdmin = sys.users.containsGroup(user, 'admins');
       */
      containsGroup(user: sys.data.Record, groupIdOrNameOrLabel: string): boolean;
      /**
       * True when the group is the user's primary group.
       * @example
       * const isPrimary = sys.users.isPrimaryGroup(user, 'admins');
       */
      isPrimaryGroup(user: sys.data.Record, groupIdOrNameOrLabel: string): boolean;
      /**
       * The user's primary group, or null.
       * @example
       * const group = sys.users.getPrimaryGroup(user);
       */
      getPrimaryGroup(user: sys.data.Record): { id: string; name: string; label: string } | null;
      /**
       * Adds a group to the user record in memory (the first group becomes primary); save to persist.
       * @returns the same user record.
       * @example
       * sys.users.addGroup(user, 'admins', true);
       * sys.data.save(user);
       */
      addGroup(user: sys.data.Record, groupIdOrNameOrLabel: string, primary?: boolean): sys.data.UserRecord;
      /**
       * Removes a group from the user record in memory (the next group becomes primary); save to persist.
       * @returns the same user record.
       * @example
       * sys.users.removeGroup(user, 'admins');
       * sys.data.save(user);
       */
      removeGroup(user: sys.data.Record, groupIdOrNameOrLabel: string): sys.data.UserRecord;
      /**
       * The user's configuration of a per-user endpoint, or null.
       * @example
       * const config = sys.users.getEndpointConfiguration(user, 'http');
       */
      getEndpointConfiguration(user: sys.data.Record, endpointName: string): unknown;
      /**
       * Gives the user a role of the app's `authorization.roles`, stored at once (no save).
       * Returns every role the user then holds (directly and through groups).
       * @example
       * sys.users.addRole(user, 'supervisor');
       */
      addRole(user: sys.data.Record | string, role: string): string[];
      /**
       * Takes a directly held role away (a group's roles stay while the user is in the group).
       * @example
       * sys.users.removeRole(user, 'supervisor');
       */
      removeRole(user: sys.data.Record | string, role: string): string[];
      /**
       * Every role the user holds, directly and through groups.
       * @example
       * const roles = sys.users.getRoles(sys.context.getCurrentUserRecord());
       */
      getRoles(user: sys.data.Record | string): string[];
      /**
       * Does the user hold the role?
       * @example
       * if (sys.users.hasRole(user, 'supervisor')) log('lead');
       */
      hasRole(user: sys.data.Record | string, role: string): boolean;
      /**
       * Does a role or group of the user grant the named permission?
       * @example
       * if (sys.users.hasPermission(user, 'invoices:approve')) approve(invoice);
       */
      hasPermission(user: sys.data.Record | string, permission: string): boolean;
      /**
       * The user's sign-in statistics (successful sign-ins, the last one's time and ip).
       * @example
       * const stats = sys.users.getLoginStats(user);
       * log(stats.loginsCount + ' sign-ins, last from ' + stats.lastIp);
       */
      getLoginStats(user: sys.data.Record | string): {
        loginsCount: number;
        lastLogin: number | null;
        lastIp: string | null;
      };
      /**
       * The user's live sessions, most recently used first; no tokens.
       * @example
       * const sessions = sys.users.listSessions(user);
       * sessions.forEach((s) => log(s.userAgent + ' ' + s.ip));
       */
      listSessions(user: sys.data.Record | string): {
        sessionId: string;
        createdAt: number;
        lastUsedAt: number;
        ip: string | null;
        userAgent: string | null;
        expiresAt: number;
        refreshExpiresAt: number;
      }[];
      /**
       * Ends one session of the user; false when it was not a live session of theirs.
       * @example
       * sys.users.revokeSession(user, sessions[0].sessionId);
       */
      revokeSession(user: sys.data.Record | string, sessionId: string): boolean;
      /**
       * Mails a confirmation code to `newEmail`; the user's email changes once it is confirmed.
       * @example
       * sys.users.requestEmailChange(user, 'new.address@company.com');
       */
      requestEmailChange(user: sys.data.Record | string, newEmail: string): { accepted: true };
      /**
       * Whether the user has a second factor (TOTP) and how many recovery codes are left.
       * @example
       * if (!sys.users.getMfaStatus(user).enrolled) log('no second factor');
       */
      getMfaStatus(user: sys.data.Record | string): { enrolled: boolean; recoveryCodesLeft: number };
      /**
       * Removes the user's second factor and recovery codes (a lost phone); false when none.
       * @example
       * sys.users.removeMfa(user);
       */
      removeMfa(user: sys.data.Record | string): boolean;
      /**
       * Moves the users a query (or one user, by record or id) finds to PUBLIC, DRAFT or TRASH
       * (the app declares `"users": {"states": true}`). Only PUBLIC users sign in; a trashed user
       * can be restored until the host purges it. Purging (DELETED) is the host's.
       * @example
       * const { changed } = sys.users.setState({ lastName: 'Smith' }, 'TRASH');
       */
      setState(
        query: sys.data.Record | string | Record<string, unknown>,
        state: 'PUBLIC' | 'DRAFT' | 'TRASH',
      ): {
        changed: number;
      };
      /**
       * Brings a trashed user back, PUBLIC unless `state` is DRAFT.
       * @example
       * sys.users.restore(user);
       */
      restore(user: sys.data.Record | string, state?: 'PUBLIC' | 'DRAFT'): sys.data.Record;
      /**
       * The user's metadata objects: `userMetadata` (scripts may change it) and `appMetadata`
       * (the host's, or a run's it grants `appMetadata`).
       * @example
       * const theme = sys.users.getMetadata(user).userMetadata.theme;
       */
      getMetadata(user: sys.data.Record | string): {
        userMetadata: Record<string, unknown>;
        appMetadata: Record<string, unknown>;
      };
      /**
       * Merges JSON Merge Patches (RFC 7396: a `null` member removes it) into the metadata; at
       * most 16 KiB of JSON each. Answers the new metadata.
       * @example
       * sys.users.patchMetadata(user, { userMetadata: { theme: 'dark', beta: null } });
       */
      patchMetadata(
        user: sys.data.Record | string,
        patch: {
          userMetadata?: Record<string, unknown> | null;
          appMetadata?: Record<string, unknown> | null;
        },
      ): { userMetadata: Record<string, unknown>; appMetadata: Record<string, unknown> };
      /**
       * Fuzzy search of names, email, username, phone and the app's text fields: each word must
       * start a word or (from three letters) occur inside one, ignoring case and accents.
       * Trashed users only with `includeTrash`. Under access rules only visible users count.
       * @example
       * const { total, users } = sys.users.search('jo smi', { limit: 10 });
       */
      search(
        text: string,
        options?: { limit?: number; offset?: number; includeTrash?: boolean },
      ): { total: number; users: sys.data.Record[] };
      /**
       * True when some user the run may see matches the query.
       * @example
       * if (sys.users.exists({ email: 'ann@company.com' })) log('taken');
       */
      exists(query: Record<string, unknown>): boolean;
      /**
       * Links the secondary account into the primary: identity providers, groups and metadata
       * (the primary's values win) move over, the secondary's sessions end, and it is trashed
       * (or removed: `{secondary: 'remove'}`, and always when the app keeps no states).
       * @example
       * const { user } = sys.users.merge(mainAccount, duplicate);
       */
      merge(
        primary: sys.data.Record | string,
        secondary: sys.data.Record | string,
        options?: { secondary?: 'trash' | 'remove' },
      ): { user: sys.data.Record; secondaryId: string; secondary: 'trashed' | 'removed' };
    }
  }

  /** Who the run acts as. */
  namespace context {
    /** `sys.context` */
    interface Api {
      /**
       * The current user's record, or null.
       * @example
       * const me = sys.context.getCurrentUserRecord();
       */
      getCurrentUserRecord(): sys.data.UserRecord | null;
      /**
       * Legacy name of `getCurrentUserRecord`.
       * @example
       * const me = sys.context.getCurrentUser();
       * if (me) log(me.fullName());
       */
      getCurrentUser(): sys.data.UserRecord | null;
      /**
       * The current user's id, or null.
       * @example
       * const myId = sys.context.getCurrentUserId();
       */
      getCurrentUserId(): string | null;
      /**
       * The IP of the current request: always null, scripts do not serve requests.
       * @example
       * const ip = sys.context.getCurrentIp();
       */
      getCurrentIp(): string | null;
      /**
       * Acts as this user for the rest of the run.
       * @example
       * sys.context.setCurrentUserRecord(user);
       */
      setCurrentUserRecord(userRecord: sys.data.Record): void;
      /**
       * Acts as the user with this id for the rest of the run.
       * @example
       * sys.context.setCurrentUserRecordById(userId);
       */
      setCurrentUserRecordById(userId: string): void;
      /**
       * Acts as the user with this email for the rest of the run.
       * @example
       * sys.context.setCurrentUserRecordByEmail('user@company.com');
       */
      setCurrentUserRecordByEmail(email: string): void;
      /**
       * A test of the outermost context the run sits in (a script, or the operation an after-hook
       * runs for).
       * @example
       * if (sys.context.root().entity('companies').create().check()) log('created directly');
       */
      root(): ContextTest;
      /**
       * A test of every context the run sits in: true when any matches (a hook sees the save
       * that triggered it).
       * @example
       * if (sys.context.any().entity('companies').update().with({recordId: id}).check()) return;
       */
      any(): ContextTest;
    }

    /** What a context test looks for. */
    interface ContextTest {
      /**
       * An operation on records of the entity.
       * @example
       * sys.context.any().entity('companies').create().check();
       */
      entity(entityName: string): ContextOperation;
      /**
       * An operation on users.
       * @example
       * sys.context.any().users().update().with({email: 'a@b.com'}).check();
       */
      users(): ContextOperation;
      /**
       * A hook (listener) by name.
       * @example
       * sys.context.any().listener('audit').check();
       */
      listener(listenerName: string): ContextCheck;
    }

    /** The operation a context test looks for. Warden has no actions or imports: those are false. */
    interface ContextOperation {
      /**
       * A create.
       * @example
       * sys.context.any().entity('companies').create().check();
       */
      create(): ContextCheck;
      /**
       * An update.
       * @example
       * sys.context.any().entity('companies').update().check();
       */
      update(): ContextCheck;
      /**
       * A delete.
       * @example
       * sys.context.any().entity('companies').delete().check();
       */
      delete(): ContextCheck;
      /**
       * An import: never in Warden.
       * @example
       * sys.context.any().entity('companies').import().check(); // false
       */
      import(): ContextCheck;
      /**
       * An action: never in Warden.
       * @example
       * sys.context.any().entity('companies').action('approve').check(); // false
       */
      action(actionName: string): ContextCheck;
    }

    /** The end of a context test. */
    interface ContextCheck {
      /**
       * Narrows the test to one record or user.
       * @example
       * sys.context.any().entity('companies').update().with({recordId: id}).check();
       */
      with(options: { recordId?: string; id?: string; email?: string; fileName?: string }): ContextCheck;
      /**
       * Runs the test.
       * @example
       * const inCreate = sys.context.root().entity('companies').create().check();
       */
      check(): boolean;
    }
  }

  /** Messages to a UI. Warden has none: the host's `ui.message` listeners receive them. */
  namespace ui {
    /** `sys.ui` */
    interface Api {
      /**
       * Sends a message, delivered to the host once the run commits. Functions (`callbacks`) are
       * left out: no UI calls them back.
       * @example
       * sys.ui.sendMessage({scope: 'global', name: 'navigate', view: 'companies', recordId: id});
       */
      sendMessage(message: { [key: string]: unknown }): void;
    }
  }

  /** Utilities (`sys.utils`). */
  namespace utils {
    /** `sys.utils` */
    interface Api {
      readonly text: Text;
      readonly xml: Xml;
      readonly base64: Base64;
      readonly numbers: Numbers;
      readonly crypto: Crypto;
      readonly time: Time;
      readonly concurrency: Concurrency;
      readonly script: Script;
    }

    /** `sys.utils.text` */
    interface Text {
      /**
       * `#name`, `#name:value` and `#name:a,b` tokens of a text; a token without value is true.
       * @example
       * const tokens = sys.utils.text.findTokens('#project:test #important'); // {project: 'test', important: true}
       */
      findTokens(text: string): { [name: string]: string | string[] | true };
      /**
       * Freemarker interpolations (`${a.b}`, `${a.b!"default"}`) filled from `options.model`.
       * @example
       * sys.utils.text.processTemplate('Hi ${c.name}', {model: {c: record.toJson()}});
       */
      processTemplate(
        template: string,
        options?: { model?: { [key: string]: unknown }; unescapeHtml?: boolean },
      ): string;
      /**
       * Plain text of HTML: tags removed, entities decoded.
       * @example
       * sys.utils.text.htmlToText('<b>Hi</b>'); // 'Hi'
       */
      htmlToText(html: string): string;
      /**
       * HTML of plain text: special characters escaped, line breaks as `<br/>`.
       * @example
       * sys.utils.text.textToHtml('a < b'); // 'a &lt; b'
       */
      textToHtml(text: string): string;
      /**
       * HTML of markdown (GitHub flavour).
       * @example
       * sys.utils.text.markdownToHtml('**bold**');
       */
      markdownToHtml(markdownText: string): string;
      /**
       * Markdown of HTML.
       * @example
       * sys.utils.text.htmlToMarkdown('<strong>bold</strong>'); // '**bold**'
       */
      htmlToMarkdown(html: string): string;
      /**
       * A record as one line: entity, id and its JSON.
       * @example
       * log(sys.utils.text.recordToString(record));
       */
      recordToString(record: sys.data.Record): string;
    }

    /** `sys.utils.xml` */
    interface Xml {
      /**
       * An object of XML: elements as keys, attributes beside them, mixed text as `content`.
       * @example
       * sys.utils.xml.xmlToJson('<note><to>Tove</to></note>'); // {note: {to: 'Tove'}}
       */
      xmlToJson(xml: string): { [key: string]: unknown };
      /**
       * XML of an object: every key an element.
       * @example
       * sys.utils.xml.jsonToXml({note: {to: 'Tove'}}); // '<note><to>Tove</to></note>'
       */
      jsonToXml(json: { [key: string]: unknown }): string;
    }

    /** `sys.utils.base64` */
    interface Base64 {
      /**
       * Base64 of the text's UTF-8 bytes.
       * @example
       * sys.utils.base64.encode('pass'); // 'cGFzcw=='
       */
      encode(string: string): string;
      /**
       * The UTF-8 text of base64 (standard or URL-safe).
       * @example
       * sys.utils.base64.decode('cGFzcw=='); // 'pass'
       */
      decode(base64String: string): string;
    }

    /** An exact decimal number (`sys.utils.numbers.BigNumber`), bignumber.js style. */
    interface BigNumber {
      /** @example BigNumber(0.1).plus(0.2).toString(); // '0.3' */
      plus(n: BigNumberValue): BigNumber;
      /** @example BigNumber(1).minus(0.9); */
      minus(n: BigNumberValue): BigNumber;
      /** @example BigNumber(1.1).times(3); */
      times(n: BigNumberValue): BigNumber;
      /** @example BigNumber(1.1).multipliedBy(3); */
      multipliedBy(n: BigNumberValue): BigNumber;
      /** Division to 20 decimal places, rounded half up. @example BigNumber(1).div(3); */
      div(n: BigNumberValue): BigNumber;
      /** @example BigNumber(1).dividedBy(3); */
      dividedBy(n: BigNumberValue): BigNumber;
      /** @example BigNumber(7).mod(3); */
      mod(n: BigNumberValue): BigNumber;
      /** @example BigNumber(7).modulo(3); */
      modulo(n: BigNumberValue): BigNumber;
      /** @example BigNumber(2).pow(10); */
      pow(n: number): BigNumber;
      /** @example BigNumber(2).exponentiatedBy(10); */
      exponentiatedBy(n: number): BigNumber;
      /** -1, 0 or 1. @example BigNumber(1).comparedTo(2); // -1 */
      comparedTo(n: BigNumberValue): number;
      /** @example BigNumber(0.3).eq('0.3'); */
      eq(n: BigNumberValue): boolean;
      /** @example BigNumber(0.3).isEqualTo('0.3'); */
      isEqualTo(n: BigNumberValue): boolean;
      /** @example BigNumber(2).gt(1); */
      gt(n: BigNumberValue): boolean;
      /** @example BigNumber(2).isGreaterThan(1); */
      isGreaterThan(n: BigNumberValue): boolean;
      /** @example BigNumber(2).gte(2); */
      gte(n: BigNumberValue): boolean;
      /** @example BigNumber(2).isGreaterThanOrEqualTo(2); */
      isGreaterThanOrEqualTo(n: BigNumberValue): boolean;
      /** @example BigNumber(1).lt(2); */
      lt(n: BigNumberValue): boolean;
      /** @example BigNumber(1).isLessThan(2); */
      isLessThan(n: BigNumberValue): boolean;
      /** @example BigNumber(2).lte(2); */
      lte(n: BigNumberValue): boolean;
      /** @example BigNumber(2).isLessThanOrEqualTo(2); */
      isLessThanOrEqualTo(n: BigNumberValue): boolean;
      /** @example BigNumber(-2).abs(); */
      abs(): BigNumber;
      /** @example BigNumber(-2).absoluteValue(); */
      absoluteValue(): BigNumber;
      /** @example BigNumber(2).negated(); */
      negated(): BigNumber;
      /** @example BigNumber(0).isZero(); */
      isZero(): boolean;
      /** @example BigNumber(-1).isNegative(); */
      isNegative(): boolean;
      /** @example BigNumber(2).isInteger(); */
      isInteger(): boolean;
      /** Places after the point, or a copy rounded half up to `dp` places. @example BigNumber(1.234).decimalPlaces(2); */
      decimalPlaces(dp?: number): number | BigNumber;
      /** @example BigNumber(1.234).dp(); // 3 */
      dp(dp?: number): number | BigNumber;
      /** @example BigNumber(1.5).toFixed(2); // '1.50' */
      toFixed(dp?: number): string;
      /** @example BigNumber('0.1').toNumber(); */
      toNumber(): number;
      /** @example BigNumber('0.1').toString(); */
      toString(): string;
      /** @example BigNumber('0.1').valueOf(); */
      valueOf(): string;
      /** @example JSON.stringify({n: BigNumber('0.1')}); */
      toJSON(): string;
    }
    type BigNumberValue = number | string | BigNumber;

    /** Makes a BigNumber, with or without `new`. */
    interface BigNumberFactory {
      /** @example sys.utils.numbers.BigNumber(0.1) */
      (value: BigNumberValue): BigNumber;
      /** @example new sys.utils.numbers.BigNumber('12.5') */
      new (value: BigNumberValue): BigNumber;
    }

    /** `sys.utils.numbers` */
    interface Numbers {
      /** Exact decimals. */
      readonly BigNumber: BigNumberFactory;
      /**
       * A number as text: thousands separator, decimals limited by TRUNCATE (default) or ROUND.
       * @example
       * sys.utils.numbers.format(12345.678, {thousandsSeparator: true, limitNumberOfDecimals: true}); // '12,345.67'
       */
      format(
        value: number,
        options?: {
          thousandsSeparator?: boolean;
          limitNumberOfDecimals?: boolean;
          numberOfDecimals?: number;
          limitRuleType?: 'TRUNCATE' | 'ROUND';
        },
      ): string;
      /**
       * A cryptographically random number in [0, 1).
       * @example
       * const r = sys.utils.numbers.getRandomValue();
       */
      getRandomValue(): number;
    }

    type HmacAlgorithm = 'HmacMD5' | 'HmacSHA1' | 'HmacSHA224' | 'HmacSHA256' | 'HmacSHA384' | 'HmacSHA512';

    /** `sys.utils.crypto.jwt` */
    interface Jwt {
      /**
       * A signed JWT of the payload (HS256/384/512 with a secret; RS/ES with a PEM private key).
       * @example
       * const token = sys.utils.crypto.jwt.generate({sub: '456'}, 'secret', 'HS256');
       */
      generate(payload: { [key: string]: unknown }, privateKey: string, algorithm?: string): string;
      /**
       * True when the token's signature (and expiry, if any) is valid for the key.
       * @example
       * if (!sys.utils.crypto.jwt.verify(token, 'secret')) throw 'bad token';
       */
      verify(token: string, key: string): boolean;
      /**
       * The token's payload, read without checking its signature.
       * @example
       * const claims = sys.utils.crypto.jwt.decodeToken(token);
       */
      decodeToken(token: string): { [key: string]: unknown };
      /**
       * Same as `sys.utils.crypto.verifySignatureWithHmac` (where one doc sample calls it).
       * @example
       * sys.utils.crypto.jwt.verifySignatureWithHmac(body, signature, 'secret', 'HmacSHA256');
       */
      verifySignatureWithHmac(
        message: string,
        signature: string,
        secret: string,
        algorithm: HmacAlgorithm,
      ): boolean;
    }

    /** `sys.utils.crypto` */
    interface Crypto {
      /**
       * SHA-1 of the text's UTF-8 bytes, as hex.
       * @example
       * sys.utils.crypto.sha1('my custom message');
       */
      sha1(message: string): string;
      /**
       * SHA-3 (224, 256 by default, 384 or 512 bits), as hex.
       * @example
       * sys.utils.crypto.sha3('my custom message', 512);
       */
      sha3(message: string, bits?: number): string;
      /**
       * Keccak (the pre-standard SHA-3 Ethereum uses), as hex.
       * @example
       * sys.utils.crypto.keccak('my custom message');
       */
      keccak(message: string, bits?: number): string;
      /**
       * An HMAC of the message, as HEX (default) or BASE64.
       * @example
       * sys.utils.crypto.hashHmac(body, 'secret', 'HmacSHA256', 'BASE64');
       */
      hashHmac(
        message: string,
        secret: string,
        algorithm: HmacAlgorithm,
        encoding?: 'HEX' | 'BASE64',
      ): string;
      /**
       * HMAC-SHA256 as hex.
       * @example
       * sys.utils.crypto.hs256('my custom message', 'mySecretKey');
       */
      hs256(message: string, secret: string): string;
      /**
       * True when the signature (hex or base64) is the message's HMAC.
       * @example
       * sys.utils.crypto.verifySignatureWithHmac(body, signature, 'secret', 'HmacSHA256');
       */
      verifySignatureWithHmac(
        message: string,
        signature: string,
        secret: string,
        algorithm: HmacAlgorithm,
      ): boolean;
      readonly jwt: Jwt;
    }

    /** `sys.utils.time`. Zones are IANA ids (Joda's old ids such as `US/Eastern` too); the default is UTC. */
    interface Time {
      /**
       * Milliseconds the zone is ahead of UTC at the time (now by default), daylight saving included.
       * @example
       * sys.utils.time.getTimeZoneOffset('America/Buenos_Aires') / 3600000; // -3
       */
      getTimeZoneOffset(timeZoneId: string, timestamp?: Date | number): number;
      /**
       * The date moved by the zone's offset.
       * @example
       * sys.utils.time.setTimeZone(new Date(), 'America/Buenos_Aires');
       */
      setTimeZone(date: Date | number, timeZoneId: string): Date;
      /**
       * The date as text in a Joda pattern (y M d H h m s S a E Z z, quoted literals).
       * @example
       * sys.utils.time.format(new Date(), 'yyyy-MM-dd HH:mm Z', 'America/Buenos_Aires');
       */
      format(date: Date | number, pattern: string, timezone?: string): string;
      /**
       * The Date a text in the pattern names in the zone.
       * @example
       * sys.utils.time.parse('2020-07-17 13:30', 'yyyy-MM-dd HH:mm', 'America/Buenos_Aires');
       */
      parse(date: string, pattern: string, timezone?: string): Date;
    }

    /** `sys.utils.concurrency`: key locks, released when the run ends (timeouts in milliseconds). */
    interface Concurrency {
      /**
       * Takes the key's lock, waiting up to `timeout` ms (0 by default); false when not taken.
       * @example
       * if (sys.utils.concurrency.tryLock('cache')) { try { refresh(); } finally { sys.utils.concurrency.unlock('cache'); } }
       */
      tryLock(key: string, timeout?: number): boolean;
      /**
       * Takes the key's lock or fails with `timeout`; with a callback, runs it and releases the lock.
       * @example
       * sys.utils.concurrency.lock('cache', 5000, function () { refresh(); });
       */
      lock(key: string, timeoutOrCallback?: number | (() => unknown), callback?: () => unknown): unknown;
      /**
       * Releases one of the run's takes of the key's lock.
       * @example
       * sys.utils.concurrency.unlock('cache');
       */
      unlock(key: string): void;
      /**
       * Releases the key's lock whoever holds it (maintenance).
       * @example
       * sys.utils.concurrency.forceUnlock('cache');
       */
      forceUnlock(key: string): void;
    }

    /** `sys.utils.script` */
    interface Script {
      /**
       * Blocks the run for the milliseconds given; they count against its time limit.
       * @example
       * sys.utils.script.wait(2000);
       */
      wait(timeToWait: number): void;
      /**
       * Evaluates code; the context's keys become its variables and `this`.
       * @example
       * sys.utils.script.eval('a + b', {a: 1, b: 2}); // 3
       */
      eval(scriptToEval: string, context?: { [key: string]: unknown }): unknown;
    }
  }

  /** Background jobs: actions on many records, background deletes, schedules. */
  namespace jobs {
    /** A job's status; a job whose script failed ends FINISHED with `hasErrors()`. */
    type Status = 'PENDING' | 'RUNNING' | 'FINISHED' | 'CANCELED';

    /** `sys.jobs` */
    interface Api {
      /**
       * A job as it stands now (outside the run's snapshot), or null.
       * @example
       * const job = sys.jobs.getJob(jobId);
       */
      getJob(jobId: string): Job | null;
      /**
       * Slingr's name for `getJob`.
       * @example
       * const job = sys.jobs.findById(jobId);
       */
      findById(jobId: string): Job | null;
      /**
       * Waits until the job reaches a status (default FINISHED or CANCELED), at most `timeoutMs`
       * (default: what the run has left), then throws `timeout`. A job this run started begins
       * only when the run commits, so waiting for it is a badRequest; so is waiting after the run
       * wrote (it holds the write lock the job needs).
       * @example
       * const job = sys.jobs.waitForJob(jobId, 'FINISHED', 60000);
       */
      waitForJob(jobId: string, status?: Status | Status[], timeoutMs?: number): Job;
      /**
       * The log lines of a job's attempts.
       * @example
       * sys.jobs.logs(jobId).forEach((l) => log(l.message));
       */
      logs(jobId: string): { attempt: number; level: string; message: string; time: number }[];
      /**
       * Reports the current job's progress (`done` of `total`); seen live by the host and the CLI.
       * Throws once the job was canceled.
       * @example
       * sys.jobs.setProgress(i, total);
       */
      setProgress(done: number, total?: number | null): void;
      /**
       * The id of the job this run executes, or null.
       * @example
       * log('job ' + sys.jobs.getCurrentJobId());
       */
      getCurrentJobId(): string | null;
      /**
       * Cancels a job when this run commits: a pending one at once, a running one when its run
       * ends (its writes rolled back).
       * @returns the job's status then, or null when there is no such job.
       * @example
       * sys.jobs.cancel(jobId);
       */
      cancel(jobId: string): Status | null;
      /** Jobs: `instanceof sys.jobs.Job`; made by `getJob` and `waitForJob`. */
      readonly Job: JobClass;
    }
    interface JobClass extends Function {
      readonly prototype: Job;
    }
    /** A snapshot of a job. */
    interface Job {
      /**
       * The job id.
       * @example
       * log(job.id());
       */
      id(): string;
      /**
       * Its label (the action's label, `Delete <entity>`, `Schedule <name>`).
       * @example
       * log(job.label());
       */
      label(): string;
      /**
       * `action`, `actionMany`, `delete` or `schedule`.
       * @example
       * if (job.type() === 'delete') log('bulk delete');
       */
      type(): string;
      /**
       * The status when read.
       * @example
       * if (job.status() === 'FINISHED') log('done');
       */
      status(): Status;
      /**
       * The last progress its script reported, or null.
       * @example
       * const p = job.progress();
       */
      progress(): { done: number; total: number | null } | null;
      /**
       * True when it ended because its script failed (after its retries).
       * @example
       * if (job.hasErrors()) log(job.errorMessage());
       */
      hasErrors(): boolean;
      /**
       * Why its last attempt failed, or null.
       * @example
       * log(job.errorMessage());
       */
      errorMessage(): string | null;
      /**
       * What its script returned.
       * @example
       * log(JSON.stringify(job.results()));
       */
      results(): unknown;
      /**
       * Attempts whose script failed so far.
       * @example
       * log(job.attempts());
       */
      attempts(): number;
      /**
       * When it was queued.
       * @example
       * log(job.createDate().toISOString());
       */
      createDate(): Date;
      /**
       * When its first attempt started, or null.
       * @example
       * log(job.startDate());
       */
      startDate(): Date | null;
      /**
       * When it ended, or null.
       * @example
       * log(job.endDate());
       */
      endDate(): Date | null;
      /**
       * The job as plain JSON.
       * @example
       * log(JSON.stringify(job.toJson()));
       */
      toJson(): Record<string, unknown>;
    }
  }

  /** The run's logs. */
  namespace logs {
    /** `sys.logs` */
    interface Api {
      /**
       * An INFO log; an exception argument adds its code, message and stack.
       * @example
       * sys.logs.info('imported ' + n + ' companies');
       */
      info(message: unknown, exception?: unknown): void;
      /**
       * A WARN log.
       * @example
       * sys.logs.warn('failed: ' + sys.exceptions.getMessage(e), e);
       */
      warn(message: unknown, exception?: unknown): void;
      /**
       * An ERROR log.
       * @example
       * sys.logs.error('could not save', e);
       */
      error(message: unknown, exception?: unknown): void;
      /**
       * A DEBUG log.
       * @example
       * sys.logs.debug('state: ' + JSON.stringify(state));
       */
      debug(message: unknown, exception?: unknown): void;
    }
  }

  /** Errors: ScriptException, its codes, and helpers that read any thrown value. */
  namespace exceptions {
    /** The error every failing `sys` call throws (an `instanceof Error` at run time). */
    interface ScriptExceptionClass {
      /**
       * A new exception with a code and a message.
       * @example
       * throw new sys.exceptions.ScriptException('badRequest', 'name is missing');
       */
      new (code: string, message?: string, additionalInfo?: object): ScriptException;
      readonly prototype: ScriptException;
    }
    interface ScriptException {
      readonly name: 'ScriptException';
      /** The stack, with only the script's own frames. */
      readonly stack: string;
      /**
       * The error code.
       * @example
       * if (e.code() === 'notFound') log('gone');
       */
      code(): string;
      /**
       * The error message.
       * @example
       * log(e.message());
       */
      message(): string;
      /**
       * Same as `code()`.
       * @example
       * log(e.getCode());
       */
      getCode(): string;
      /**
       * Same as `message()`.
       * @example
       * log(e.getMessage());
       */
      getMessage(): string;
      /** The fields a validationErrors failure lists (the same as `getAdditionalInfo().errors`). */
      readonly errors?: { field: string; code: string; message: string }[];
      /**
       * Extra details (`errors` for validationErrors), or {}.
       * @example
       * const errors = e.getAdditionalInfo().errors;
       */
      getAdditionalInfo(): {
        errors?: { field: string; code: string; message: string }[];
        [key: string]: unknown;
      };
      /**
       * Throws this exception.
       * @example
       * if (e.code() !== 'notFound') e.throw();
       */
      throw(): never;
      /**
       * `code: message`.
       * @example
       * log(String(e));
       */
      toString(): string;
    }

    /** `sys.exceptions` */
    interface Api {
      readonly VALIDATION_ERRORS: 'validationErrors';
      readonly BAD_REQUEST_ERROR: 'badRequest';
      readonly NOT_FOUND_ERROR: 'notFound';
      readonly ACCESS_FORBIDDEN_ERROR: 'forbidden';
      readonly OPTIMISTIC_LOCKING_ERROR: 'optimisticLocking';
      readonly SYSTEM_ERROR: 'systemException';
      readonly JAVASCRIPT_ERROR: 'javascriptException';
      readonly ENDPOINT_ERROR: 'endpointException';
      readonly UNKNOWN_ERROR: 'unknownError';
      readonly TIMEOUT_ERROR: 'timeout';
      /** The exception class: `e instanceof sys.exceptions.ScriptException`. */
      readonly ScriptException: ScriptExceptionClass;
      /**
       * The code of a ScriptException; null for any other value.
       * @example
       * catch (e) { if (sys.exceptions.getCode(e) === sys.exceptions.NOT_FOUND_ERROR) log('missing'); }
       */
      getCode(e: unknown): string | null;
      /**
       * A message for any thrown value: strings as is, an exception's message, other objects as JSON.
       * @example
       * catch (e) { sys.logs.warn('failed: ' + sys.exceptions.getMessage(e), e); }
       */
      getMessage(e: unknown): string;
      /**
       * The additional info of a ScriptException (`errors` for validationErrors), or {}.
       * @example
       * catch (e) { const info = sys.exceptions.getAdditionalInfo(e); }
       */
      getAdditionalInfo(e: unknown): { [key: string]: unknown };
      /**
       * Throws a ScriptException with any code.
       * @example
       * sys.exceptions.throwException('badRequest', 'quantity must be positive');
       */
      throwException(code: string, message: string): never;
    }
  }
}
