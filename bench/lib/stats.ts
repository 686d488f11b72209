/** Median of a non-empty sample. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Runs `fn` `iterations` times and returns microseconds per call. */
export const timeLoop = async (iterations: number, fn: () => unknown): Promise<number> => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) await fn();
  return Number(process.hrtime.bigint() - start) / 1_000 / iterations;
};

/** Rounds to a fixed number of decimals for display and JSON. */
export const round = (value: number, decimals = 3): number => Number(value.toFixed(decimals));
