import { badRequest } from '@warden/sys-api';
import { describe } from './bind-args.js';
import type { OpTable } from './op-table.js';
import type { RunState } from './run-state.js';

/** Largest message, as JSON, a script may send to the UI. */
const MAX_MESSAGE_CHARS = 64 * 1024;

/**
 * `sys.ui.*`: Warden has no UI of its own, so a message goes to the host as a `ui.message` event
 * (the message in `data`). It is journaled in the run's transaction: listeners and after-hooks
 * receive it once the run commits, never for a run that rolled back or was replayed.
 */
export function bindUi(state: RunState): OpTable {
  return {
    'ui.sendMessage': ([message]) => {
      const op = 'sys.ui.sendMessage';
      if (!message || typeof message !== 'object' || Array.isArray(message)) {
        throw badRequest(`${op}: message must be an object, got ${describe(message)}`);
      }
      const name = (message as { name?: unknown }).name;
      if (name !== undefined && typeof name !== 'string') {
        throw badRequest(`${op}: message.name must be a string, got ${describe(name)}`);
      }
      if (JSON.stringify(message).length > MAX_MESSAGE_CHARS) {
        throw badRequest(`${op}: the message is larger than ${MAX_MESSAGE_CHARS} characters of JSON`);
      }
      state.touch();
      state.emit({
        type: 'ui.message',
        entity: '',
        recordId: '',
        record: null,
        oldRecord: null,
        data: message as Record<string, unknown>,
        time: Date.now(),
      });
      return null;
    },
  };
}
