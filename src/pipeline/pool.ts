// A small worker pool sized to the cores. Files go out in batches (to keep the main thread light);
// results come back one file at a time, so a watchdog knows which file a stalled worker is on:
// that file is recorded as skipped (timeout), the worker is replaced and the rest of its batch requeued.
// Time limits are per stage: a worker hands over the text scan's result before code analysis (a 'partial'
// message, which also restarts the clock), so a file abandoned during code analysis keeps its secrets.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CredentialRule } from '../detect/rule-types.js';
import type { DetectOptions } from '../detect/index.js';
import type { FileResult, FileTask } from '../model/records.js';
import type { ScanExtensions } from './extensions.js';

export interface WorkerInit {
  /** Rules the main thread already loaded and validated: workers neither parse YAML nor probe regexes. */
  rules: CredentialRule[];
  detectOptions: DetectOptions;
  maxFileSize: number;
  extensions: ScanExtensions;
}

export type WorkerRequest = { type: 'batch'; tasks: FileTask[] };
export type WorkerResponse = { type: 'ready' } | { type: 'partial'; result: FileResult } | { type: 'result'; result: FileResult } | { type: 'done' };

export interface PoolOptions {
  jobs: number;
  /** A stage of a file that takes longer than this is abandoned: the file is an incomplete scan (timeout). */
  fileTimeoutMs: number;
  batchFiles?: number;
  batchBytes?: number;
}

const YOUNG_GENERATION_MB = 16;

export function defaultJobs(): number {
  return Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 8));
}

function makeBatches(tasks: FileTask[], maxFiles: number, maxBytes: number): FileTask[][] {
  const batches: FileTask[][] = [];
  let current: FileTask[] = [];
  let bytes = 0;
  for (const t of tasks) {
    if (current.length && (current.length >= maxFiles || bytes + t.size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(t);
    bytes += t.size;
  }
  if (current.length) batches.push(current);
  return batches;
}

export async function runInWorkers(
  tasks: FileTask[],
  init: WorkerInit,
  opts: PoolOptions,
  onResult: (r: FileResult) => void,
): Promise<void> {
  const queue = makeBatches(tasks, opts.batchFiles ?? 48, opts.batchBytes ?? 8 * 1024 * 1024);
  const workerUrl = new URL('./worker.js', import.meta.url);
  const count = Math.max(1, Math.min(opts.jobs, queue.length));
  let failure: Error | null = null;

  await new Promise<void>((resolveAll) => {
    let liveSlots = count;
    const slotDone = () => {
      liveSlots--;
      if (liveSlots === 0) resolveAll();
    };

    // One slot = one worker that takes batch after batch; a stalled or crashed worker is replaced.
    const runSlot = () => {
      let worker: Worker | null = null;
      let pending: FileTask[] = [];
      let timer: NodeJS.Timeout | null = null;
      // What the current file's finished stages found, handed over before code analysis.
      let partial: FileResult | null = null;
      // The watchdog runs only once the worker has loaded its rules: start-up is not a file's fault.
      let ready = false;

      const arm = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(onTimeout, opts.fileTimeoutMs);
      };
      const disarm = () => {
        if (timer) clearTimeout(timer);
        timer = null;
      };
      const skipResult = (task: FileTask, reason: 'timeout' | 'unreadable', detail: string): FileResult => ({
        file: task.file,
        bytes: 0,
        detections: [],
        bindings: [],
        issues: [],
        evidence: [],
        warnings: [],
        skipped: { file: task.file, reason, detail },
        incomplete: [{ file: task.file, reason: reason === 'timeout' ? 'timeout' : 'crashed', detail }],
      });
      const replaceWorker = () => {
        disarm();
        const old = worker;
        worker = null;
        if (old) {
          old.removeAllListeners();
          old.on('error', () => {});
          void old.terminate();
        }
        if (pending.length) queue.unshift(pending);
        pending = [];
        next();
      };
      const onTimeout = () => {
        const stalled = pending.shift();
        if (stalled && partial?.file === stalled.file) {
          const detail = `code analysis over ${opts.fileTimeoutMs} ms; text-scan findings kept`;
          onResult({ ...partial, incomplete: [...(partial.incomplete ?? []), { file: stalled.file, reason: 'timeout', detail }] });
        } else if (stalled) onResult(skipResult(stalled, 'timeout', `over ${opts.fileTimeoutMs} ms`));
        partial = null;
        replaceWorker();
      };
      const spawn = (): Worker => {
        // A smaller young generation (V8's default lets it grow to ~48 MB an isolate): workers allocate
        // briskly but keep little, so this trims peak RSS by tens of MB for a few more scavenges. The old
        // generation is not capped (a hostile file must not crash a worker that would have coped).
        const w = new Worker(workerUrl, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
        w.on('message', (msg: WorkerResponse) => {
          if (msg.type === 'ready') {
            ready = true;
            if (pending.length) arm();
          } else if (msg.type === 'partial') {
            partial = msg.result;
            arm();
          } else if (msg.type === 'result') {
            partial = null;
            const i = pending.findIndex((t) => t.file === msg.result.file);
            if (i >= 0) pending.splice(i, 1);
            onResult(msg.result);
            arm();
          } else {
            disarm();
            next();
          }
        });
        w.on('error', (err: Error) => {
          // A crash (e.g. out of memory on a hostile file): skip the file it was on, go on.
          const crashed = pending.shift();
          partial = null;
          if (crashed) onResult(skipResult(crashed, 'unreadable', `worker crashed (${err.name})`));
          else if (!failure) failure = err;
          replaceWorker();
        });
        w.on('exit', () => {
          if (worker === w) {
            worker = null;
            if (pending.length) replaceWorker();
          }
        });
        return w;
      };
      const next = () => {
        const batch = failure ? undefined : queue.shift();
        if (!batch) {
          disarm();
          if (worker) {
            worker.removeAllListeners();
            void worker.terminate();
            worker = null;
          }
          slotDone();
          return;
        }
        if (!worker) {
          ready = false;
          worker = spawn();
        }
        pending = batch.slice();
        if (ready) arm();
        worker.postMessage({ type: 'batch', tasks: batch } satisfies WorkerRequest);
      };
      next();
    };

    for (let i = 0; i < count; i++) runSlot();
  });
  if (failure) throw failure;
}
