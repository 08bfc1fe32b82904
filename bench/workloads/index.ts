import type { Workload } from '../harness/workload.js';
import { dataCreateSave } from './data-create-save.js';
import { dataFindAccess } from './data-find-access.js';
import { dataFindById } from './data-find-by-id.js';
import { dataFindCursor } from './data-find-cursor.js';
import { dataHeavy } from './data-heavy.js';
import { eventLoopDelay } from './event-loop-delay.js';
import { eventLoopWriters } from './event-loop-writers.js';
import { hookDispatch } from './hook-dispatch.js';
import { importAudit } from './import-audit.js';
import { lifecycleCosts } from './lifecycle-costs.js';
import { storeScaling } from './store-scaling.js';
import { trivialRun } from './trivial-run.js';
import { usersActivate } from './users-activate.js';
import { workersScaling } from './workers-scaling.js';

/** Every workload, in the order of the table. */
export const WORKLOADS: Workload[] = [
  dataFindById,
  dataFindCursor,
  dataFindAccess,
  dataCreateSave,
  usersActivate,
  trivialRun,
  dataHeavy,
  workersScaling,
  eventLoopDelay,
  eventLoopWriters,
  lifecycleCosts,
  hookDispatch,
  storeScaling,
  importAudit,
];
