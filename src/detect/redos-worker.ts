// Worker thread for the ReDoS probe (src/detect/redos.ts): runs a regex from a repository or config on
// adversarial lines, where the main thread can stop it. Results go back through shared memory, because
// the main thread waits for them synchronously (Atomics.wait) while config and rules are validated.
import { parentPort, workerData } from 'node:worker_threads';
import { adversarialInputs, type ProbeRequest } from './redos.js';

const { state, text } = workerData as { state: Int32Array; text: Uint8Array };
const encoder = new TextEncoder();

function reply(reason: string | null): void {
  const bytes = encoder.encode(reason ?? '').subarray(0, text.length);
  text.set(bytes);
  Atomics.store(state, 1, reason === null ? 0 : bytes.length);
  Atomics.add(state, 0, 1);
  Atomics.notify(state, 0);
}

parentPort!.on('message', (req: ProbeRequest) => {
  const probe = new RegExp(req.source, req.flags.replace(/[gy]/g, ''));
  for (const { input, keyword } of adversarialInputs(req.keywords)) {
    let ms = Infinity;
    // Best of two runs: the first may include compilation or a GC pause on a loaded machine.
    for (let run = 0; run < 2 && ms > req.budgetMs; run++) {
      const t0 = performance.now();
      probe.test(input);
      ms = Math.min(ms, performance.now() - t0);
    }
    if (ms > req.budgetMs) return reply(`regex took ${Math.round(ms)} ms on a ${input.length}-char adversarial line near keyword "${keyword}"`);
  }
  reply(null);
});

// Ready: the main thread waits for this before starting the clock of the first probe.
Atomics.add(state, 0, 1);
Atomics.notify(state, 0);
