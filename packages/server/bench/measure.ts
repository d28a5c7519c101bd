/**
 * The benches' meter: operations per second sequentially and with N in flight, run in interleaved rounds (A B C, A B
 * C, …) so background load hits every contestant alike, and reported as the median with the spread (min–max) over
 * the rounds (DESIGN.md §10: never a best-of-N). Ratios are taken per round, between figures measured side by side.
 */

/** Runs `op` back to back for `ms` milliseconds after a warm-up; returns operations per second. */
export async function sequential(op: () => unknown, ms = 300): Promise<number> {
  const run = async (duration: number) => {
    let count = 0;
    const end = performance.now() + duration;
    while (performance.now() < end) {
      for (let index = 0; index < 64; index++) await op();
      count += 64;
    }
    return count;
  };
  await run(50);
  const start = performance.now();
  const count = await run(ms);
  return (count * 1000) / (performance.now() - start);
}

/**
 * Latency of `a` and `b` measured in alternation (a b, b a, a b…), one call at a time, so both see the same background
 * load; returns each call's microseconds, paired.
 */
export async function alternating(a: () => Promise<unknown>, b: () => Promise<unknown>, pairs: number): Promise<{ a: number[]; b: number[] }> {
  const times = { a: [] as number[], b: [] as number[] };
  const once = async (op: () => Promise<unknown>, into: number[]) => {
    const start = performance.now();
    await op();
    into.push((performance.now() - start) * 1000);
  };
  for (let index = 0; index < pairs; index++) {
    if (index % 2 === 0) {
      await once(a, times.a);
      await once(b, times.b);
    } else {
      await once(b, times.b);
      await once(a, times.a);
    }
  }
  return times;
}

/**
 * Keeps `inFlight` operations running for `ms` milliseconds after a warm-up; returns operations per second and the
 * process's CPU time per operation in microseconds (steadier than throughput on a shared machine: other processes
 * take wall time from a run, not CPU time from it).
 */
export async function concurrentWithCpu(op: () => unknown, inFlight = 64, ms = 300): Promise<{ perSecond: number; cpuMicros: number }> {
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
  await run(50);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const count = await run(ms);
  const used = process.cpuUsage(cpu);
  return { perSecond: (count * 1000) / (performance.now() - start), cpuMicros: (used.user + used.system) / count };
}

/** Keeps `inFlight` operations running for `ms` milliseconds after a warm-up; returns operations per second. */
export async function concurrent(op: () => unknown, inFlight = 64, ms = 300): Promise<number> {
  return (await concurrentWithCpu(op, inFlight, ms)).perSecond;
}

/**
 * Measures every contestant `rounds` times, interleaved; `measure` returns a list of figures (e.g. sequential and
 * concurrent ops/s). Returns, per contestant, per figure, the value of every round.
 */
export async function interleaved<T extends string>(rounds: number, contestants: readonly T[], measure: (name: T) => Promise<number[]>): Promise<Map<T, number[][]>> {
  const results = new Map<T, number[][]>(contestants.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of contestants) {
      const figures = await measure(name);
      const series = results.get(name)!;
      figures.forEach((figure, index) => (series[index] ??= []).push(figure));
    }
  }
  return results;
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const format = (value: number, digits: number) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** `median (min–max)`, with `digits` decimals. */
export function summary(values: readonly number[], digits = 0): string {
  return `${format(median(values), digits)} (${format(Math.min(...values), digits)}–${format(Math.max(...values), digits)})`;
}

/** Ratios of `a`'s speed over `b`'s (above 1: `a` is faster), one per pair of batches, by two clocks. */
export interface PairedRatios {
  /** Operations per second of wall time. */
  wall: number[];
  /**
   * Operations per second of this process's CPU time (user + system, every thread, so GC work counts): steadier on a
   * shared machine, where other processes take wall time from a batch but not CPU time from it.
   */
  cpu: number[];
}

/**
 * Ratios of `a` over `b` measured in many short, alternating batches, one ratio per pair: each pair runs within a few
 * milliseconds, so background load hits both sides alike. `inFlight` 1 runs each batch sequentially; more keeps that
 * many operations in flight for `batchMs`.
 */
export async function pairedRatios(a: () => unknown, b: () => unknown, { pairs = 200, batch = 500, inFlight = 1, batchMs = 60 } = {}): Promise<PairedRatios> {
  const rate = async (op: () => unknown): Promise<[wall: number, cpu: number]> => {
    if (inFlight === 1) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      for (let index = 0; index < batch; index++) await op();
      const wall = performance.now() - start;
      const used = process.cpuUsage(cpu);
      return [batch / wall, (batch * 1000) / (used.user + used.system)];
    }
    const { perSecond, cpuMicros } = await concurrentWithCpu(op, inFlight, batchMs);
    return [perSecond, 1e6 / cpuMicros];
  };
  const ratios: PairedRatios = { wall: [], cpu: [] };
  for (let pair = 0; pair < pairs; pair++) {
    const [first, second] = pair % 2 === 0 ? [a, b] : [b, a];
    const one = await rate(first);
    const two = await rate(second);
    const [ofA, ofB] = pair % 2 === 0 ? [one, two] : [two, one];
    ratios.wall.push(ofA[0] / ofB[0]);
    ratios.cpu.push(ofA[1] / ofB[1]);
  }
  return ratios;
}

/** `median (IQR low–high)` of `values`, with two decimals. */
export function medianIqr(values: readonly number[]): string {
  const sorted = [...values].sort((x, y) => x - y);
  return `${median(sorted).toFixed(2)} (IQR ${sorted[Math.floor(sorted.length / 4)]!.toFixed(2)}–${sorted[Math.floor((3 * sorted.length) / 4)]!.toFixed(2)})`;
}

/** Per-round ratios `a[i] / b[i]`. */
export const ratios = (a: readonly number[], b: readonly number[]): number[] => a.map((value, index) => value / b[index]!);

/** Formats a row of a Markdown table. */
export const row = (cells: (string | number)[]) => `| ${cells.map((cell) => (typeof cell === 'number' ? Math.round(cell).toLocaleString('en-US') : cell)).join(' | ')} |`;
