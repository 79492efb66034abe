// Runs the benchmarks in test/bench/*.bench.ts and prints one JSON line per benchmark.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Benchmark } from './harness';

async function main(): Promise<void> {
  const wanted = new Set(process.argv.slice(2).filter((a) => !a.startsWith('-')));
  const dir = path.dirname(new URL(import.meta.url).pathname);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
  let failures = 0;
  let ran = 0;
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as {
      benchmarks: Benchmark[];
    };
    for (const bench of mod.benchmarks) {
      if (wanted.size > 0 && !wanted.has(bench.name)) continue;
      ran += 1;
      try {
        const result = await bench.run();
        if (result) console.log(JSON.stringify(result));
      } catch (error) {
        failures += 1;
        console.log(
          JSON.stringify({
            bench: bench.name,
            ours: null,
            baseline: null,
            ratio: null,
            unit: '',
            error: String((error as Error)?.stack ?? error),
          }),
        );
      }
    }
  }
  if (wanted.size > 0 && ran === 0) {
    console.error(`no benchmark named ${[...wanted].join(', ')}`);
    process.exit(2);
  }
  process.exit(failures > 0 ? 1 : 0);
}

void main();
