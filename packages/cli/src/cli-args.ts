import { parseArgs } from 'node:util';

/** A usage error: the CLI prints its message and the usage text, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CommonFlags {
  db: string;
  app: string | undefined;
  json: boolean;
  /** `--adopt-foreign-database`: add Warden's tables to another application's database. */
  adoptForeignDatabase?: boolean;
}

const common = {
  db: { type: 'string' },
  app: { type: 'string' },
  json: { type: 'boolean', default: false },
  'adopt-foreign-database': { type: 'boolean', default: false },
} as const;

/** Parses a command's flags strictly: unknown flags and missing values are usage errors. */
export function parseFlags<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>(
  argv: string[],
  extra: T,
) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...common, ...extra },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, unknown>, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `K=V` pairs into an object; V is JSON when it parses, else the string itself. */
export function parseParams(pairs: string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq);
    if (eq < 1 || !/^[A-Za-z_$][\w$]*$/.test(key))
      throw new UsageError(`--param expects NAME=VALUE, got '${pair}'`);
    const raw = pair.slice(eq + 1);
    try {
      params[key] = JSON.parse(raw);
    } catch {
      params[key] = raw;
    }
  }
  return params;
}
