// Worker thread entry: takes the rules the main thread validated, then processes batches of files sent by the pool.
import { parentPort, workerData } from 'node:worker_threads';
import { processFile, type FileProcessorEnv } from './process-file.js';
import { ruleSetOf } from './rule-set.js';
import { saveCompileCache } from '../code/compile-cache.js';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './pool.js';

const init = workerData as WorkerInit;
const env: FileProcessorEnv = {
  ruleSet: ruleSetOf({ rules: init.rules }, init.extensions),
  detectOptions: init.detectOptions,
  maxFileSize: init.maxFileSize,
};

// Test hook for the watchdog: a file whose name contains this marker stalls its worker (before reading it, or
// at the start of the stage named by CREDLIFE_TEST_STALL_STAGE, e.g. "code").
const stallMarker = process.env.CREDLIFE_TEST_STALL_MARKER;
const stallStage = process.env.CREDLIFE_TEST_STALL_STAGE;

parentPort!.postMessage({ type: 'ready' } satisfies WorkerResponse);

parentPort!.on('message', (msg: WorkerRequest) => {
  for (const task of msg.tasks) {
    const stall = Boolean(stallMarker && task.file.includes(stallMarker));
    if (stall && !stallStage) for (;;);
    const result = processFile(task, env, {
      deferCode: true,
      handOffParse: msg.handOff,
      // The text scan's findings reach the pool before code analysis starts: a timeout there keeps them.
      checkpoint: (partial, next) => {
        parentPort!.postMessage({ type: 'partial', result: partial } satisfies WorkerResponse);
        if (stall && stallStage === next) for (;;);
      },
    });
    const response: WorkerResponse = { type: 'result', result };
    parentPort!.postMessage(response);
  }
  // After real parses, so the cache holds the parser's lazily compiled functions too (a no-op once written).
  saveCompileCache();
  parentPort!.postMessage({ type: 'done' } satisfies WorkerResponse);
});
