/** What the globalSetup (global-setup.ts) provides to test files through vitest's `inject`. */
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server URL whose user may create databases, or '' when there is none. */
    'warden.pgUrl': string;
    /** Why there is no server, when `warden.pgUrl` is ''. */
    'warden.pgMissing': string;
  }
}
