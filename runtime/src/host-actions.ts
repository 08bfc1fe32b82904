import { type ActionSpec, findAction } from '@warden/jobs';
import { badRequest, type QueryMap } from '@warden/sys-api';

/** How the host runs an action (`runtime.actions.execute(name, call)`). */
export interface ActionCall {
  /** The entity of an entity action; none for an app-level global action. */
  entity?: string;
  /** The record a record action runs on. */
  id?: string;
  /** Instead of `id`: every record the query matches, as a job (answers its id). */
  query?: QueryMap;
  params?: Record<string, unknown>;
  /** Run as this user (email or id): their permissions apply when the app declares authorization. */
  as?: string;
  /** See `RunOptions.enforce`. */
  enforce?: boolean;
  /** Run as a job and answer its id (default: a record action in the call, a global one as a job). */
  background?: boolean;
}

/** `runtime.actions`: the host's way to run actions, through a run so that every check applies. */
export interface HostActions {
  /**
   * Runs the action and answers what a script's call would: the updated record's JSON (record
   * actions), the action's own value, or a job id when it runs in the background.
   */
  execute(name: string, call?: ActionCall): Promise<unknown>;
}

/** The script a host call runs: the same `sys.data` call a script would make. */
export function actionDriver(name: string, call: ActionCall, actions: readonly ActionSpec[]) {
  if (typeof name !== 'string' || name === '')
    throw badRequest('actions.execute: name must be a non-empty string');
  if (!call || typeof call !== 'object') throw badRequest('actions.execute: the call must be an object');
  const entity = call.entity ?? null;
  const spec = findAction(actions, 'actions.execute', entity, name);
  const options = call.background === undefined ? null : { executeInBackground: call.background };
  const params = {
    entity,
    id: call.id ?? null,
    query: call.query ?? null,
    name,
    params: call.params ?? {},
    options,
  };
  if (spec.type === 'record') {
    if ((call.id === undefined) === (call.query === undefined))
      throw badRequest(`actions.execute: '${name}' runs on records: give exactly one of id and query`);
    if (call.query !== undefined)
      return {
        params,
        source: 'return sys.data.executeAction(_a.entity, _a.query, _a.name, _a.params, _a.options);',
      };
    return {
      params,
      source: `var r = sys.data.findById(_a.entity, _a.id);
if (!r) throw new sys.exceptions.ScriptException('notFound', "actions.execute: no '" + _a.entity + "' record with id '" + _a.id + "'");
var out = r.action(_a.name, _a.params, _a.options);
return out;`,
    };
  }
  if (call.id !== undefined || call.query !== undefined)
    throw badRequest(`actions.execute: '${name}' is a global action: it takes no id or query`);
  return {
    params,
    source: `return _a.entity === null
  ? sys.data.executeGlobalAction(_a.name, _a.params, _a.options)
  : sys.data.executeGlobalAction(_a.entity, _a.name, _a.params, _a.options);`,
  };
}
