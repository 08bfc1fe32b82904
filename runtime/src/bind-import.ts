import { checkFormat, feed, readRowsSync } from '@warden/store';
import { badRequest, validationErrors, WardenError } from '@warden/sys-api';
import { obj, str } from './bind-args.js';
import { importerFor, withoutGeneratedPassword } from './host-transfer.js';
import type { OpTable } from './op-table.js';
import { runAccess } from './run-access.js';
import type { RunState } from './run-state.js';

const OP = 'sys.data.importRecords';
/** Slingr's options that ask for what Warden always does: only their default (true) is accepted. */
const ALWAYS = new Set(['calculateFields', 'performValidations', 'defaultValues', 'filterByReadWriteAccess']);

/**
 * `sys.data.importRecords(entity, text, options)`: the rows of a CSV or JSON Lines text inserted in
 * the run's transaction, as `sys.data.save` would (events, hooks, history). Slingr's default
 * `skipRecordsWithInvalidFields: true` skips bad rows and reports them by line; false makes any
 * bad row fail the call with every row's error, and the call leaves nothing written.
 */
export function bindImport(state: RunState): OpTable {
  return {
    'data.importRecords': ([entity, text, options]) => {
      const name = str(OP, 'entityName', entity);
      if (typeof text !== 'string') throw badRequest(`${OP}: the file's text must be a string`);
      const o = (obj(OP, 'options', options) ?? {}) as Record<string, unknown>;
      let skip = true;
      let format: 'csv' | 'jsonl' = 'csv';
      let triggerEvents = true;
      for (const [key, value] of Object.entries(o)) {
        if (key === 'format') format = checkFormat(OP, value);
        else if (key === 'skipRecordsWithInvalidFields' || key === 'triggerEvents') {
          if (typeof value !== 'boolean') throw badRequest(`${OP}: options.${key} must be true or false`);
          if (key === 'skipRecordsWithInvalidFields') skip = value;
          else triggerEvents = value;
        } else if (ALWAYS.has(key) || key === 'cascadeOperations' || key === 'lowPriority') {
          const wanted = ALWAYS.has(key);
          if (value !== wanted)
            throw badRequest(
              `${OP}: options.${key} ${String(value)} is not supported (Warden only does ${String(wanted)})`,
            );
        } else throw badRequest(`${OP}: options.${key} is not an option of ${OP}`);
      }
      if (!triggerEvents && !state.quietWrites) {
        throw new WardenError(
          'forbidden',
          `${OP}: options.triggerEvents false asks for a quiet write, which this run is not allowed`,
        );
      }
      const def = state.store.app.entities[name];
      if (!def) throw badRequest(`${OP}: entity '${name}' does not exist`);
      state.touch();
      // Under access rules a user imports only where they may create anything and write every field.
      const access = runAccess(state);
      if (access) {
        const rights = access.rights.entities[name];
        const writable = rights && Object.values(rights.fields).every((f) => f === 'read-write');
        if (rights?.create !== 'always' || !writable)
          throw new WardenError(
            'forbidden',
            `${OP}: the user may not create every field of '${name}' records`,
          );
      }
      const mode = skip ? 'skipBadRows' : 'allOrNothing';
      const write = triggerEvents ? {} : { triggerEvents: false };
      const { extra, importer } = importerFor(state.store, name, mode, 100, write);
      return state.store.transaction(() => {
        for (const row of readRowsSync(OP, def, text, format, extra)) {
          feed(importer, withoutGeneratedPassword(name, row));
          if (!importer.going) break;
        }
        const { report } = importer;
        if (!skip && report.errors.length > 0) {
          const errors = report.errors.map((e) => ({
            field: `line ${e.line}`,
            code: e.code,
            message: e.message,
          }));
          throw validationErrors(
            errors,
            `${OP}: ${report.errors.length} bad row(s), nothing imported; first: line ${report.errors[0]!.line}: ${report.errors[0]!.message}`,
          );
        }
        return { imported: report.imported, skipped: report.skipped, errors: report.errors };
      });
    },
  };
}
