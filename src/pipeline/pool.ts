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
import type { ScanExtensions } from './rule-set.js';

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

/** What the slots of one run share: the queue of batches, the first unexpected failure, where results go. */
interface PoolRun {
  queue: FileTask[][];
  failure: Error | null;
  readonly workerUrl: URL;
  readonly init: WorkerInit;
  readonly opts: PoolOptions;
  readonly onResult: (r: FileResult) => void;
}

/** The record of a file a worker could not finish: skipped, and listed as an incomplete scan. */
function skipResult(task: FileTask, reason: 'timeout' | 'unreadable', detail: string): FileResult {
  return {
    file: task.file,
    bytes: 0,
    detections: [],
    bindings: [],
    issues: [],
    evidence: [],
    warnings: [],
    skipped: { file: task.file, reason, detail },
    incomplete: [{ file: task.file, reason: reason === 'timeout' ? 'timeout' : 'crashed', detail }],
  };
}

/** One slot = one worker that takes batch after batch; a stalled or crashed worker is replaced. */
class WorkerSlot {
  private worker: Worker | null = null;
  /** The files of the current batch whose result has not come back, in order (the first is the one in work). */
  private pending: FileTask[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** What the current file's finished stages found, handed over before code analysis. */
  private partial: FileResult | null = null;
  /** The watchdog runs only once the worker has loaded its rules: start-up is not a file's fault. */
  private ready = false;
  private finished!: () => void;

  constructor(private readonly run: PoolRun) {}

  /** Resolves once the queue is empty (or a failure stopped the run) and this slot's worker is gone. */
  start(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.finished = resolve;
      this.next();
    });
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onTimeout(), this.run.opts.fileTimeoutMs);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Drop the worker (stalled or crashed), put its unfinished files back on the queue, go on with a new one. */
  private replaceWorker(): void {
    this.disarm();
    const old = this.worker;
    this.worker = null;
    if (old) {
      old.removeAllListeners();
      old.on('error', () => {});
      void old.terminate();
    }
    if (this.pending.length) this.run.queue.unshift(this.pending);
    this.pending = [];
    this.next();
  }

  private onTimeout(): void {
    const { fileTimeoutMs } = this.run.opts;
    const stalled = this.pending.shift();
    if (stalled && this.partial?.file === stalled.file) {
      const detail = `code analysis over ${fileTimeoutMs} ms; text-scan findings kept`;
      this.run.onResult({ ...this.partial, incomplete: [...(this.partial.incomplete ?? []), { file: stalled.file, reason: 'timeout', detail }] });
    } else if (stalled) this.run.onResult(skipResult(stalled, 'timeout', `over ${fileTimeoutMs} ms`));
    this.partial = null;
    this.replaceWorker();
  }

  private onMessage(msg: WorkerResponse): void {
    if (msg.type === 'ready') {
      this.ready = true;
      if (this.pending.length) this.arm();
    } else if (msg.type === 'partial') {
      this.partial = msg.result;
      this.arm();
    } else if (msg.type === 'result') {
      this.partial = null;
      const i = this.pending.findIndex((t) => t.file === msg.result.file);
      if (i >= 0) this.pending.splice(i, 1);
      this.run.onResult(msg.result);
      this.arm();
    } else {
      this.disarm();
      this.next();
    }
  }

  /** A crash (e.g. out of memory on a hostile file): skip the file it was on, go on. */
  private onError(err: Error): void {
    const crashed = this.pending.shift();
    this.partial = null;
    if (crashed) this.run.onResult(skipResult(crashed, 'unreadable', `worker crashed (${err.name})`));
    else if (!this.run.failure) this.run.failure = err;
    this.replaceWorker();
  }

  private spawn(): Worker {
    // A smaller young generation (V8's default lets it grow to ~48 MB an isolate): workers allocate
    // briskly but keep little, so this trims peak RSS by tens of MB for a few more scavenges. The old
    // generation is not capped (a hostile file must not crash a worker that would have coped).
    const w = new Worker(this.run.workerUrl, { workerData: this.run.init, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    w.on('message', (msg: WorkerResponse) => this.onMessage(msg));
    w.on('error', (err: Error) => this.onError(err));
    w.on('exit', () => {
      if (this.worker === w) {
        this.worker = null;
        if (this.pending.length) this.replaceWorker();
      }
    });
    return w;
  }

  /** Send the next batch, or, when none is left, stop the worker and finish the slot. */
  private next(): void {
    const batch = this.run.failure ? undefined : this.run.queue.shift();
    if (!batch) {
      this.disarm();
      if (this.worker) {
        this.worker.removeAllListeners();
        void this.worker.terminate();
        this.worker = null;
      }
      this.finished();
      return;
    }
    if (!this.worker) {
      this.ready = false;
      this.worker = this.spawn();
    }
    this.pending = batch.slice();
    if (this.ready) this.arm();
    this.worker.postMessage({ type: 'batch', tasks: batch } satisfies WorkerRequest);
  }
}

/** Process `tasks` in up to `opts.jobs` workers; `onResult` gets each file's record as it arrives. */
export async function runInWorkers(tasks: FileTask[], init: WorkerInit, opts: PoolOptions, onResult: (r: FileResult) => void): Promise<void> {
  const queue = makeBatches(tasks, opts.batchFiles ?? 48, opts.batchBytes ?? 8 * 1024 * 1024);
  const run: PoolRun = { queue, failure: null, workerUrl: new URL('./worker.js', import.meta.url), init, opts, onResult };
  const count = Math.max(1, Math.min(opts.jobs, queue.length));
  await Promise.all(Array.from({ length: count }, () => new WorkerSlot(run).start()));
  if (run.failure) throw run.failure;
}
