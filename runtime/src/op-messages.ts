import { isWardenError } from '@warden/sys-api';
import type { OpTable } from './op-table.js';

/** The `sys` call a script made for each op whose public name is not `sys.<op>`. */
const SYS_CALL_OF_OP: Record<string, string> = {
  'data.saveMany': 'sys.data.save',
  'data.cursorNext': 'ResultSet.next',
  'data.cursorCount': 'ResultSet.count',
  'data.cursorClose': 'ResultSet.close',
  'data.resolveRelationship': 'Wrapper.val',
  'data.history': 'Record.auditLogs',
  'data.action': 'Record.action',
  'jobs.get': 'sys.jobs.getJob',
  'jobs.wait': 'sys.jobs.waitForJob',
  'jobs.currentJobId': 'sys.jobs.getCurrentJobId',
};

/** The name a script knows for `op`: `sys.data.findById` for `data.findById`. */
export function sysCallOf(op: string): string {
  return SYS_CALL_OF_OP[op] ?? `sys.${op}`;
}

const LEADING_NAME = /^([A-Za-z_$][\w$.]*): /;

/**
 * `message` speaking of `call`: a leading internal function name (`findRowJsonById: …`,
 * `update: …`) becomes the call, a message without one gets it in front. Messages that already
 * name a `sys` call, a record method or a hook or action (`hook 'x' failed: …`) are left as they are.
 */
export function speakOfCall(call: string, message: string): string {
  if (
    message.startsWith('sys.') ||
    message.startsWith('Record.') ||
    message.startsWith("hook '") ||
    message.startsWith("action '") ||
    message.startsWith(`${call}: `)
  ) {
    return message;
  }
  const m = LEADING_NAME.exec(message);
  return m ? `${call}: ${message.slice(m[0].length)}` : `${call}: ${message}`;
}

/**
 * The op table with every WardenError's message rewritten to name the `sys` call the script
 * made (the store and the other packages name their own functions, which scripts never call).
 */
export function speakingOfSysCalls(table: OpTable): OpTable {
  const out: OpTable = {};
  for (const [op, handler] of Object.entries(table) as [keyof OpTable, (args: unknown[]) => unknown][]) {
    const call = sysCallOf(op);
    out[op] = (args) => {
      try {
        return handler(args);
      } catch (error) {
        if (isWardenError(error)) error.message = speakOfCall(call, error.message);
        throw error;
      }
    };
  }
  return out;
}
