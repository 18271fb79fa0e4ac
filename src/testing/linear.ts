// Scaling checks for tests without a wall-clock limit: a run on input of size n×8 is compared with runs on
// size n measured in the same test, in CPU time (time spent waiting for a core on a busy machine is not counted,
// and what is left slows both sides alike). Linear work grows ~8×,
// quadratic ~64×; the check allows 32× (growth below n^1.7) plus a small allowance for timer noise and GC pauses.
// Absolute speed is measured by `npm run bench`, never by tests.

export interface Scaling {
  ok: boolean;
  detail: string;
}

const FACTOR = 8;
const MAX_RATIO = 32;
/** Below this, a run is fast whatever its growth: no comparison needed (it only ever skips work, never fails). */
const FAST_MS = 100;
const NOISE_MS = 50;
/** A busy machine can stall any one run: best of up to this many rounds before concluding. */
const ROUNDS = 5;

/** CPU milliseconds (user + system) `fn` took: unlike wall time, not stretched while the thread waits for a core. */
function time(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/** Does `run(size)` grow linearly between size/8 and size? `size` is whatever the input scales by. */
export function scalesLinearly(run: (size: number) => void, size: number): Scaling {
  const part = Math.floor(size / FACTOR);
  // Warm up first: a cold first run (JIT, caches) inflates the small side and hides quadratic growth.
  run(part);
  let big = time(() => run(size));
  if (big < FAST_MS) return { ok: true, detail: `${big.toFixed(0)} ms at ${size}` };
  let small = Infinity;
  let ok = false;
  for (let round = 0; round < ROUNDS && !ok; round++) {
    small = Math.min(small, time(() => run(part)));
    if (round > 0) big = Math.min(big, time(() => run(size)));
    ok = big <= MAX_RATIO * small + NOISE_MS;
  }
  return { ok, detail: `${big.toFixed(0)} ms at ${size} vs ${small.toFixed(0)} ms at ${part} (best of up to ${ROUNDS}; ratio ${(big / Math.max(small, 0.01)).toFixed(1)}; linear ≈ ${FACTOR}, quadratic ≈ ${FACTOR * FACTOR})` };
}
