/** CPU-bound scripts with no host calls, each tens of milliseconds: the mix the worker benchmarks run. */
export const CPU_SCRIPTS = [
  // Trial-division prime count.
  `var found = 0;
   for (var i = 2; i < 200000; i++) {
     var prime = true;
     for (var j = 2; j * j <= i; j++) if (i % j === 0) { prime = false; break; }
     if (prime) found++;
   }
   return found;`,
  // Sort pseudo-random numbers.
  `var values = [];
   var x = 7;
   for (var i = 0; i < 80000; i++) { x = (x * 1103515245 + 12345) % 2147483648; values.push(x); }
   values.sort(function (a, b) { return a - b; });
   return values[40000];`,
  // Build, serialize and parse objects.
  `var rows = [];
   for (var i = 0; i < 5000; i++) rows.push({ id: i, name: 'row ' + i, tags: ['a', 'b', String(i % 7)] });
   var total = 0;
   for (var k = 0; k < 8; k++) total += JSON.parse(JSON.stringify(rows)).length;
   return total;`,
];

/** The i-th job of a mix. */
export const cpuJob = (i: number) => CPU_SCRIPTS[i % CPU_SCRIPTS.length]!;
