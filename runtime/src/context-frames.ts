import type { RunRequest } from '@warden/sandbox';
import type { ContextFrame, EventType } from '@warden/sys-api';

/**
 * The contexts a run sits in, as Slingr's `sys.context.root()` / `any()` test them. A script run
 * is one `script` context. A hook adds the operation that raised its event (an entity's create,
 * update or delete; a user's) and then itself as a listener: a before-hook on top of the run whose
 * write triggered it, an after-hook (a run of its own, after commit) as its outermost contexts.
 */
export const SCRIPT_FRAMES: readonly ContextFrame[] = Object.freeze([{ kind: 'script' }]);

const RECORD_OPS: Partial<Record<EventType, 'create' | 'update' | 'delete'>> = {
  'record.created': 'create',
  'record.changed': 'update',
  'record.deleted': 'delete',
  'user.created': 'create',
};

/** What `event` (as hooks get it) and the hook `name` add to the stack. */
export function hookFrames(
  event: { type: string; entity: string; recordId: string; data?: Record<string, unknown> },
  name: string,
): ContextFrame[] {
  const frames: ContextFrame[] = [];
  const type = event.type as EventType;
  // Record events of sys.users and user lifecycle events both are operations on users.
  const userEvent = type.startsWith('user.') && type !== 'user.signedIn' && type !== 'user.signInFailed';
  const operation = RECORD_OPS[type] ?? (userEvent ? 'update' : undefined);
  const recordId = event.recordId || null;
  if (operation && (event.entity === 'sys.users' || type.startsWith('user.'))) {
    const email = typeof event.data?.email === 'string' ? event.data.email : null;
    frames.push({ kind: 'users', operation, recordId, email });
  } else if (operation) {
    frames.push({ kind: 'entity', entity: event.entity, operation, recordId });
  }
  frames.push({ kind: 'listener', name });
  return frames;
}

/** The stack a top-level run starts with: an after-hook's event and name, or a plain script. */
export function requestFrames(req: RunRequest): ContextFrame[] {
  const target = req.delivery?.target;
  const event = req.params?.event as Parameters<typeof hookFrames>[0] | undefined;
  if (target?.startsWith('hook:') && event && typeof event.type === 'string') {
    return hookFrames(event, target.slice('hook:'.length));
  }
  return [...SCRIPT_FRAMES];
}
