import { type EntityDef, toReadForm } from '@warden/store/backend';
import type { RecordData } from '@warden/sys-api';

/** One stored row of a record table: `data` is the parsed jsonb of the stored fields. */
export interface PgRow {
  id: string;
  version: number;
  label: string | null;
  data: Record<string, unknown>;
}

/** A stored row in the form records leave the store (every schema field present). */
export const toRecord = (entity: EntityDef, row: PgRow): RecordData => ({
  id: row.id,
  version: row.version,
  label: row.label,
  fields: toReadForm(entity.fields, row.data),
});
