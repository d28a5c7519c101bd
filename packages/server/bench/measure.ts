/** Tiny throughput meter for the benches: ops/s sequentially and with N operations in flight. */

/** Runs `op` back to back for `ms` milliseconds after a warm-up; returns operations per second. */
export async function sequential(op: () => unknown, ms = 1500): Promise<number> {
  const run = async (duration: number) => {
    let count = 0;
    const end = performance.now() + duration;
    while (performance.now() < end) {
      for (let index = 0; index < 64; index++) await op();
      count += 64;
    }
    return count;
  };
  await run(300);
  const start = performance.now();
  const count = await run(ms);
  return (count * 1000) / (performance.now() - start);
}

/** Keeps `inFlight` operations running for `ms` milliseconds after a warm-up; returns operations per second. */
export async function concurrent(op: () => unknown, inFlight = 64, ms = 1500): Promise<number> {
  const run = async (duration: number) => {
    let count = 0;
    const end = performance.now() + duration;
    const worker = async () => {
      while (performance.now() < end) {
        await op();
        count++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    return count;
  };
  await run(300);
  const start = performance.now();
  const count = await run(ms);
  return (count * 1000) / (performance.now() - start);
}

/** Formats a row of a Markdown table. */
export const row = (cells: (string | number)[]) => `| ${cells.map((cell) => (typeof cell === 'number' ? Math.round(cell).toLocaleString('en-US') : cell)).join(' | ')} |`;

/**
 * Runs every contestant's measurement `rounds` times, interleaved (A B C, A B C, …) so background load hits all of
 * them alike, and keeps each one's best round: the figure least disturbed by other processes.
 */
export async function bestOf<T extends string>(rounds: number, contestants: readonly T[], measure: (name: T) => Promise<number[]>): Promise<Map<T, number[]>> {
  const best = new Map<T, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const name of contestants) {
      const figures = await measure(name);
      const previous = best.get(name);
      best.set(name, previous ? figures.map((figure, index) => Math.max(figure, previous[index]!)) : figures);
    }
  }
  return best;
}
