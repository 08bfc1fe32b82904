/** Command line of `bench/main.ts`: `--short`, `--only <name>[,<name>…]`. */
export interface BenchArgs {
  /** Small counts; every workload runs but no target is checked. */
  short: boolean;
  /** Workload names to run; empty = all. */
  only: string[];
}

export function parseArgs(argv: string[], known: string[]): BenchArgs {
  const args: BenchArgs = { short: false, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--short') args.short = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) throw new Error('bench: --only needs a workload name');
      args.only.push(...value.split(',').filter(Boolean));
    } else if (arg === '--help' || arg === '-h') {
      console.log(`usage: pnpm bench [--short] [--only <name>[,<name>…]]\nworkloads: ${known.join(', ')}`);
      process.exit(0);
    } else throw new Error(`bench: unknown argument '${arg}' (try --help)`);
  }
  const unknown = args.only.filter((n) => !known.includes(n));
  if (unknown.length)
    throw new Error(`bench: unknown workload ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return args;
}
