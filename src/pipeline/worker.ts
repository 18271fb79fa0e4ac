// Worker thread entry: takes the rules the main thread validated, then processes batches of files sent by the pool.
import { parentPort, workerData } from 'node:worker_threads';
import { processFile, type FileProcessorEnv } from './process-file.js';
import { applyExtensions } from './extensions.js';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './pool.js';

const init = workerData as WorkerInit;
applyExtensions(init.extensions);
const env: FileProcessorEnv = {
  rules: { rules: init.rules },
  detectOptions: init.detectOptions,
  maxFileSize: init.maxFileSize,
};

// Test hook for the watchdog: a file whose name contains this marker stalls its worker.
const stallMarker = process.env.CREDLIFE_TEST_STALL_MARKER;

parentPort!.postMessage({ type: 'ready' } satisfies WorkerResponse);

parentPort!.on('message', (msg: WorkerRequest) => {
  for (const task of msg.tasks) {
    if (stallMarker && task.file.includes(stallMarker)) for (;;);
    const response: WorkerResponse = { type: 'result', result: processFile(task, env) };
    parentPort!.postMessage(response);
  }
  parentPort!.postMessage({ type: 'done' } satisfies WorkerResponse);
});
