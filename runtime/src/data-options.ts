import type { RemoveOptions, WriteOptions } from '@warden/store';
import { badRequest, WardenError } from '@warden/sys-api';

/** The grant (`RunRequest.grants`) that lets a run write quietly. */
export const QUIET_WRITES = 'quietWrites';

/** How one option of a `sys.data` call is checked. */
interface OptionRule {
  /** Why `value` is refused (after "options.<name> "), or null when it is accepted. */
  refuse(value: unknown): string | null;
  /** True when `value` asks for a quiet write, which needs the quietWrites grant. */
  quiet?(value: unknown): boolean;
}

const show = (v: unknown) => {
  if (typeof v === 'string') return `'${v.slice(0, 40)}'`;
  return typeof v === 'boolean' || v === null ? String(v) : typeof v;
};
const flag: OptionRule = {
  refuse: (v) => (typeof v === 'boolean' ? null : `must be true or false, got ${show(v)}`),
};
/** A boolean Warden can honour only when false (it has nothing the true value asks for). */
const onlyFalse = (why: string): OptionRule => ({
  refuse: (v) =>
    v === false ? null : typeof v === 'boolean' ? `true is not supported: ${why}` : flag.refuse(v),
});
const triggerEvents: OptionRule = { ...flag, quiet: (v) => v === false };
const cascadeOperations = onlyFalse(
  'Warden runs no cascade operations (references and labels in other records are not updated)',
);

/** Slingr's save options and what Warden does with each (docs/architecture.md, "Threat model"). */
const SAVE_OPTIONS: Record<string, OptionRule> = {
  mode: {
    refuse: (v) => (v === 'standard' || v === 'lite' ? null : `must be 'standard' or 'lite', got ${show(v)}`),
    quiet: (v) => v === 'lite',
  },
  triggerEvents,
  performValidations: flag,
  defaultValues: flag,
  // Entities have no calculated fields, so both values store the same record.
  calculateFields: flag,
  lockRecord: flag,
  cascadeOperations,
  // Read-only and hidden fields are dropped from a run's writes under access rules; false would
  // write them, which is checked in checkSaveOptions (a system run has nothing to filter).
  filterByReadWriteAccess: flag,
};

/** Slingr's delete options (`lowPrioriyt`, misspelled in Slingr's docs, is refused as unknown). */
const DELETE_OPTIONS: Record<string, OptionRule> = {
  triggerEvents,
  cascadeOperations,
  lowPriority: onlyFalse(
    "a delete runs at once inside the run's transaction; there is no background queue to lower it in",
  ),
};

/**
 * Checks an options object of `call` against `rules`: an unknown option or a value Warden cannot
 * honour is a badRequest naming the call and the option; a quiet write without the grant is
 * `forbidden`. Returns the options as given (absent: `{}`).
 */
function checkOptions(
  call: string,
  options: unknown,
  rules: Record<string, OptionRule>,
  quietWrites: boolean,
): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw badRequest(`${call}: options must be an object, got ${show(options)}`);
  }
  const given = options as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const rule = Object.hasOwn(rules, name) ? rules[name] : undefined;
    if (!rule) {
      const known = Object.keys(rules).join(', ');
      throw badRequest(
        `${call}: options.${name.slice(0, 40)} is not an option of ${call} (it takes ${known})`,
      );
    }
    const why = rule.refuse(value);
    if (why !== null) throw badRequest(`${call}: options.${name} ${why}`);
    if (!quietWrites && rule.quiet?.(value)) {
      throw new WardenError(
        'forbidden',
        `${call}: options.${name} ${show(value)} asks for a quiet write (no events, hooks or listeners ` +
          'that are not enforced), which this run is not allowed; the embedder grants it (scripts.quietWrites)',
      );
    }
  }
  return given;
}

/** Save options checked for a script: what the store takes, and whether to lock the record. */
export interface CheckedSaveOptions {
  store: WriteOptions;
  /** Slingr's `lockRecord`: take the record's lock for the write (other runs' locks are waited for). */
  lockRecord: boolean;
}

/** Checks the options of a script's `sys.data.save` (see `checkOptions`). */
export function checkSaveOptions(
  options: unknown,
  quietWrites: boolean,
  enforced = false,
): CheckedSaveOptions {
  const o = checkOptions('sys.data.save', options, SAVE_OPTIONS, quietWrites);
  if (enforced && o.filterByReadWriteAccess === false) {
    throw new WardenError(
      'forbidden',
      'sys.data.save: options.filterByReadWriteAccess false would write read-only and hidden fields, ' +
        "which a run under the user's access rules may not do",
    );
  }
  const store: WriteOptions = {};
  if (o.mode !== undefined) store.mode = o.mode as WriteOptions['mode'];
  for (const name of ['triggerEvents', 'performValidations', 'defaultValues', 'calculateFields'] as const) {
    if (o[name] !== undefined) store[name] = o[name] as boolean;
  }
  return { store, lockRecord: o.lockRecord === true };
}

/** Checks the options of a script's `sys.data.delete` (see `checkOptions`). */
export function checkDeleteOptions(options: unknown, quietWrites: boolean): RemoveOptions {
  const o = checkOptions('sys.data.delete', options, DELETE_OPTIONS, quietWrites);
  return o.triggerEvents === undefined ? {} : { triggerEvents: o.triggerEvents as boolean };
}
