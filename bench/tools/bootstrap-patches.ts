// Experimental edits of the sandbox's bootstrap, applied to a copy by the profiling tools to put
// numbers on proposals before anyone changes the sandbox. Never used by the benchmarks.

/** Flag → the edits it makes to BOOTSTRAP_SOURCE. */
export const BOOTSTRAP_PATCHES: Record<string, [RegExp, string][]> = {
  // isDate() brand-checks with a throwing getTime(); an exception per array costs microseconds.
  // Arrays are never Dates, and encode() only sees toPlain snapshots, where Dates are numbers.
  '--array-first': [
    [
      /const isDate = \(v\) => \{\n {2}if \(v === null \|\| typeof v !== 'object'\) return false;/,
      "const isDate = (v) => {\n  if (v === null || typeof v !== 'object' || $isArray(v)) return false;",
    ],
    [/\n {2}if \(isDate\(v\)\) return \$String\(\$getTime\(v\)\);/, ''],
  ],
  // Intrinsics uncurried with call.bind instead of a rest-args closure around Reflect.apply.
  '--call-bind': [
    [
      /const uncurry =\s*\(fn\) =>\s*\(self, \.\.\.args\) =>\s*\$apply\(fn, self, args\);/,
      'const uncurry = Function.prototype.bind.bind(Function.prototype.call);',
    ],
  ],
};

/** `source` with the patches named in `flags`; throws when one no longer applies. */
export function patchBootstrap(source: string, flags: string[]): string {
  let out = source;
  for (const [flag, patches] of Object.entries(BOOTSTRAP_PATCHES)) {
    if (!flags.includes(flag)) continue;
    for (const [pattern, replacement] of patches) {
      const patched = out.replace(pattern, replacement);
      if (patched === out)
        throw new Error(`bootstrap patch ${flag} no longer applies: the bootstrap changed`);
      out = patched;
    }
  }
  return out;
}
