// Benchmark contract: each test/bench/*.bench.ts exports `benchmarks`, a list of named runners.

export interface BenchResult {
  bench: string;
  ours: number | null;
  baseline: number | null;
  /** ours ÷ baseline of a higher-is-better figure; null when the baseline could not run. */
  ratio: number | null;
  unit: string;
  [extra: string]: unknown;
}

export interface Benchmark {
  /** `<area>-<variant>`, for example `proxy-1k`. */
  name: string;
  /** null: the machine cannot run it at all (the benchmark has said why on stderr), so there is no result line. */
  run(): Promise<BenchResult | null>;
}

/** Builds a result whose ratio is ours ÷ baseline (both higher-is-better). */
export function higherIsBetter(
  bench: string,
  unit: string,
  ours: number,
  baseline: number | null,
  extra: Record<string, unknown> = {},
): BenchResult {
  const ratio = baseline && baseline > 0 ? ours / baseline : null;
  return measured(bench, unit, ours, baseline, ratio, extra);
}

/** Builds a result from durations (lower is better): ratio = baseline time ÷ our time. */
export function lowerIsBetter(
  bench: string,
  unit: string,
  ours: number,
  baseline: number | null,
  extra: Record<string, unknown> = {},
): BenchResult {
  const ratio = baseline && ours > 0 ? baseline / ours : null;
  return measured(bench, unit, ours, baseline, ratio, extra);
}

function measured(
  bench: string,
  unit: string,
  ours: number,
  baseline: number | null,
  ratio: number | null,
  extra: Record<string, unknown>,
): BenchResult {
  return {
    bench,
    ours: round(ours),
    baseline: baseline === null ? null : round(baseline),
    ratio: ratio === null ? null : round(ratio),
    unit,
    ...extra,
  };
}

/** A line for a benchmark whose baseline tool is missing: says so instead of failing. */
export function missingBaseline(
  bench: string,
  unit: string,
  ours: number | null,
  tool: string,
): BenchResult {
  return {
    bench,
    ours: ours === null ? null : round(ours),
    baseline: null,
    ratio: null,
    unit,
    note: `baseline tool ${tool} not installed`,
  };
}

export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
