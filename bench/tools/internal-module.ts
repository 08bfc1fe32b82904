/**
 * A module that a workspace package's entry point does not export, loaded from beside that entry
 * point (`internalModule('@warden/sandbox', './host-bridge.ts')`): a profiling tool's shortcut to
 * the parts it measures, not an API.
 */
export const internalModule = (pkg: string, file: string) =>
  import(new URL(file, import.meta.resolve(pkg)).href);
