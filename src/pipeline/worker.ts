// Worker thread entry: takes the rules the main thread validated, then processes batches of files sent by the pool.
// Results go back in small groups: at most RESULTS_PER_MESSAGE, and never held longer than FLUSH_MS before the
// next file starts, so the pool's watchdog (which restarts its clock on each message) still times each file;
// the index of the file in work is written to a shared cell for it.
import { parentPort, workerData } from 'node:worker_threads';
import { processFile, type FileProcessorEnv } from './process-file.js';
import { ruleSetOf } from './rule-set.js';
import { saveCompileCache } from '../code/compile-cache.js';
import type { WorkerData, WorkerRequest, WorkerResponse } from './pool.js';
import type { FileResult } from '../model/records.js';

const RESULTS_PER_MESSAGE = 32;
const FLUSH_MS = 20;

const init = workerData as WorkerData;
const progress = new Int32Array(init.progress);
const env: FileProcessorEnv = {
  ruleSet: ruleSetOf({ rules: init.rules }, init.extensions),
  detectOptions: init.detectOptions,
  maxFileSize: init.maxFileSize,
};

// Test hooks for the watchdog: a file whose name contains the stall marker stalls its worker (before reading it,
// or at the start of the stage named by CREDLIFE_TEST_STALL_STAGE, e.g. "code"); one with the crash marker
// makes it throw outside any handler, as a crash would.
const stallMarker = process.env.CREDLIFE_TEST_STALL_MARKER;
const stallStage = process.env.CREDLIFE_TEST_STALL_STAGE;
const crashMarker = process.env.CREDLIFE_TEST_CRASH_MARKER;

parentPort!.postMessage({ type: 'ready' } satisfies WorkerResponse);

let held: FileResult[] = [];
let heldSince = 0;

function flush(): void {
  if (held.length) parentPort!.postMessage({ type: 'results', results: held } satisfies WorkerResponse);
  held = [];
}

parentPort!.on('message', (msg: WorkerRequest) => {
  msg.tasks.forEach((task, i) => {
    if (held.length >= RESULTS_PER_MESSAGE || (held.length && performance.now() - heldSince >= FLUSH_MS)) flush();
    Atomics.store(progress, 0, i);
    const stall = Boolean(stallMarker && task.file.includes(stallMarker));
    if (stall && !stallStage) for (;;);
    if (crashMarker && task.file.includes(crashMarker)) throw new Error('test crash');
    const result = processFile(task, env, {
      deferCode: true,
      handOffParse: msg.handOff,
      // The text scan's findings reach the pool before code analysis starts: a timeout there keeps them.
      checkpoint: (partial, next) => {
        flush();
        parentPort!.postMessage({ type: 'partial', result: partial } satisfies WorkerResponse);
        if (stall && stallStage === next) for (;;);
      },
    });
    if (!held.length) heldSince = performance.now();
    held.push(result);
  });
  flush();
  // After real parses, so the cache holds the parser's lazily compiled functions too (a no-op once written).
  saveCompileCache();
  parentPort!.postMessage({ type: 'done' } satisfies WorkerResponse);
});
