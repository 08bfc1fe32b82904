import { isWardenError } from '@warden/sys-api';
import type { EventListener } from './hook-registry.js';

/** How one listener call ended: null when it returned (or resolved) in time. */
export type ListenerResult = { code: string; message: string } | null;

/**
 * Calls a host listener with its own copy of the event, and waits at most `timeoutMs` for it. A
 * listener still pending then is left to finish on its own and counts as failed (`timeout`): one
 * hanging listener must not stall every later event.
 */
export async function callListener(
  listener: EventListener,
  event: Parameters<EventListener>[0],
  timeoutMs: number,
): Promise<ListenerResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const call = Promise.resolve().then(() => listener(structuredClone(event)));
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    if ((await Promise.race([call, late])) === 'late') {
      call.catch(() => {}); // settles after we gave up on it
      return { code: 'timeout', message: `listener timed out after ${timeoutMs} ms` };
    }
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      code: isWardenError(error) ? error.code : 'unknownError',
      message: `listener failed: ${message}`,
    };
  } finally {
    clearTimeout(timer);
  }
}
