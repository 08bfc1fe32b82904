// Placeholder until the benchmark suite lands (issue: benchmarks).
console.log('bench: no benchmarks yet');
