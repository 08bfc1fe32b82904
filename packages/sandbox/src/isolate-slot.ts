import type { LibrarySchema } from '@warden/sys-api';
import ivm from 'isolated-vm';
import { BOOTSTRAP_FILENAME } from './bootstrap/index.js';

/** A pooled isolate with the bootstrap compiled into it. */
export interface IsolateLease {
  isolate: ivm.Isolate;
  /** Evaluates to the bootstrap function `($0, $1, $2) => enter`. */
  bootstrap: ivm.Script;
  /** Compiled user scripts by their wrapped text: hooks and scripts run the same source again and again. */
  scripts: ScriptCache;
  /**
   * The app's libraries, compiled once per isolate, each evaluating to its `(exports, module)`
   * function (null for one that did not compile); a context evaluates them, the bootstrap runs them.
   */
  libraries: (ivm.Script | null)[];
}

/** At most `MAX_CACHED_SCRIPTS` compiled scripts of one isolate, the least recently used dropped first. */
export interface ScriptCache {
  get(text: string): ivm.Script | undefined;
  set(text: string, script: ivm.Script): void;
}

const MAX_CACHED_SCRIPTS = 64;

function createScriptCache(): ScriptCache {
  const scripts = new Map<string, ivm.Script>();
  return {
    get(text) {
      const script = scripts.get(text);
      if (script) {
        scripts.delete(text);
        scripts.set(text, script);
      }
      return script;
    },
    set(text, script) {
      scripts.set(text, script);
      if (scripts.size > MAX_CACHED_SCRIPTS) scripts.delete(scripts.keys().next().value!);
    },
  };
}

/** The one isolate a worker runs scripts in, replaced by the recycling rules. */
export interface IsolateSlot {
  /** The current isolate, created (or re-created with another memory limit) when needed. */
  acquire(memoryMb: number): IsolateLease;
  /**
   * Ends a run on the lease, whose isolate had `usedHeapBytes` in use after it; `spoiled` (a breach
   * or termination) always retires the isolate.
   */
  release(spoiled: boolean, usedHeapBytes: number): void;
  /** Isolates created so far, and runs served by the current one. */
  stats(): { isolates: number; runs: number };
  /** True when the last run retired the isolate: the next `acquire` makes a new one. */
  retired(): boolean;
  dispose(): void;
}

export interface SlotOptions {
  bootstrapSource: string;
  maxRuns: number;
  /** The first isolate's `maxRuns`; workers start staggered so that they do not all replace their isolates at once. */
  firstMaxRuns?: number;
  heapRatio: number;
  /** The app's libraries (`app.<name>`): compiled with each isolate. */
  libraries?: readonly LibrarySchema[];
}

const MB = 1024 * 1024;

// compileScriptSync sets these on the Script it returns; the typings leave them out.
type Compiled = ivm.Script & ivm.CachedDataResult & { cachedDataRejected?: boolean };

/**
 * Keeps one isolate alive across runs (a fresh context per run keeps runs apart) and retires it after
 * `maxRuns` runs, when its used heap passes `heapRatio` of its limit, or after any breach.
 * The bootstrap is compiled once per isolate; V8's code cache of OUR bootstrap (never of user code)
 * makes re-compiling it in the next isolate cheap.
 */
export function createIsolateSlot(options: SlotOptions): IsolateSlot {
  const wrapped = `(function ($0, $1, $2) {${options.bootstrapSource}\n})`; // libraries follow $2
  let cache: ivm.ExternalCopy<ArrayBuffer> | undefined;
  let lease: IsolateLease | null = null;
  // A retired isolate is disposed on the next acquire (which a worker makes after answering the
  // run that retired it): disposing takes milliseconds that the run's caller need not wait for.
  let retiredIsolate: ivm.Isolate | null = null;
  let memoryMb = 0;
  let runs = 0;
  let maxRuns = options.firstMaxRuns ?? options.maxRuns;
  let isolates = 0;

  const sweep = () => {
    if (retiredIsolate && !retiredIsolate.isDisposed) retiredIsolate.dispose();
    retiredIsolate = null;
  };
  const retire = () => {
    sweep();
    retiredIsolate = lease?.isolate ?? null;
    lease = null;
    runs = 0;
    maxRuns = options.maxRuns;
  };

  const compileBootstrap = (isolate: ivm.Isolate): ivm.Script => {
    const origin = { filename: BOOTSTRAP_FILENAME };
    if (cache) {
      const script = isolate.compileScriptSync(wrapped, { ...origin, cachedData: cache }) as Compiled;
      if (!script.cachedDataRejected) return script;
    }
    const script = isolate.compileScriptSync(wrapped, { ...origin, produceCachedData: true }) as Compiled;
    cache = script.cachedData;
    return script;
  };

  // Libraries are the app's code, not ours: V8's code cache of them is kept per worker, like the
  // bootstrap's, so that each new isolate compiles them cheaply.
  const libraryCaches: (ivm.ExternalCopy<ArrayBuffer> | undefined)[] = [];
  const compileLibraries = (isolate: ivm.Isolate): (ivm.Script | null)[] =>
    (options.libraries ?? []).map((lib, i) => {
      const text = `(function (exports, module) {${lib.source}\n})`;
      const origin = { filename: `app.${lib.name}.js` };
      try {
        const cached = libraryCaches[i];
        if (cached) {
          const script = isolate.compileScriptSync(text, { ...origin, cachedData: cached }) as Compiled;
          if (!script.cachedDataRejected) return script;
        }
        const script = isolate.compileScriptSync(text, { ...origin, produceCachedData: true }) as Compiled;
        libraryCaches[i] = script.cachedData;
        return script;
      } catch {
        // The runtime checked its syntax at load: this is an isolate out of memory. Its use fails.
        return null;
      }
    });

  return {
    acquire(mb) {
      if (lease && (lease.isolate.isDisposed || mb !== memoryMb)) retire();
      sweep();
      if (!lease) {
        const isolate = new ivm.Isolate({ memoryLimit: mb, onCatastrophicError: catastrophe });
        lease = {
          isolate,
          bootstrap: compileBootstrap(isolate),
          scripts: createScriptCache(),
          libraries: compileLibraries(isolate),
        };
        memoryMb = mb;
        isolates += 1;
      }
      return lease;
    },
    release(spoiled, usedHeapBytes) {
      if (!lease) return;
      runs += 1;
      if (spoiled || lease.isolate.isDisposed || runs >= maxRuns) return retire();
      if (usedHeapBytes > options.heapRatio * memoryMb * MB) retire();
    },
    stats: () => ({ isolates, runs }),
    retired: () => lease === null && isolates > 0,
    dispose() {
      retire();
      sweep();
    },
  };
}

// V8 lost control of an isolate: nothing in this process can be trusted any more. The parent sees
// the worker exit, fails the run and starts a new worker.
function catastrophe(message: string): void {
  process.stderr.write(`warden sandbox: catastrophic isolate error: ${message}\n`);
  process.abort();
}
