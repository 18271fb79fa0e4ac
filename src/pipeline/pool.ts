// A small worker pool sized to the cores. Files go out in batches (to keep the main thread light);
// results come back one file at a time, so a watchdog knows which file a stalled worker is on:
// that file is recorded as skipped (timeout), the worker is replaced and the rest of its batch requeued.
// Time limits are per stage: a worker hands over the text scan's result before code analysis (a 'partial'
// message, which also restarts the clock), so a file abandoned during code analysis keeps its secrets.
// One slot (more on many cores) is the code-analysis worker: the other workers hand it every file that needs
// the TypeScript parser, so the parser is loaded and warmed up (JIT-compiled) once instead of in every worker.
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

/** `handOff`: send files that need the TypeScript parser back unprocessed (they go to the code worker). */
export type WorkerRequest = { type: 'batch'; tasks: FileTask[]; handOff: boolean };
export type WorkerResponse = { type: 'ready' } | { type: 'partial'; result: FileResult } | { type: 'result'; result: FileResult } | { type: 'done' };

export interface PoolOptions {
  jobs: number;
  /** A stage of a file that takes longer than this is abandoned: the file is an incomplete scan (timeout). */
  fileTimeoutMs: number;
  batchFiles?: number;
  batchBytes?: number;
}

const YOUNG_GENERATION_MB = 16;
const DEFAULT_BATCH_FILES = 48;

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

/** What the slots of one run share: the queues, the first unexpected failure, where results go. */
interface PoolRun {
  queue: FileTask[][];
  /** Files handed off by the other workers, waiting for a code-analysis slot. */
  codeQueue: FileTask[];
  /** Slots that may still hand files off: a code slot with nothing to do waits until this is 0. */
  handingOff: number;
  /** Code slots waiting for work (woken by a hand-off or by the last other slot finishing). */
  waiting: Set<WorkerSlot>;
  stats: PoolStats;
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

  /** `code`: takes the handed-off files first and parses everything itself; the others hand parses off. */
  constructor(
    private readonly run: PoolRun,
    private readonly role: 'code' | 'text',
  ) {}

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
      const task = i >= 0 ? this.pending.splice(i, 1)[0] : undefined;
      if (msg.result.handedOff && task) this.handOff(task);
      else this.run.onResult(msg.result);
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

  /** A file this slot's worker sent back: queue it for a code slot and wake one that waits. */
  private handOff(task: FileTask): void {
    this.run.codeQueue.push(task);
    this.run.stats.handedOff++;
    this.wakeCodeSlot();
  }

  private wakeCodeSlot(): void {
    const [slot] = this.run.waiting;
    if (slot) this.wake(slot);
  }

  private wake(slot: WorkerSlot): void {
    this.run.waiting.delete(slot);
    slot.next();
  }

  /** The next batch: a code slot takes handed-off files first, then ordinary batches. */
  private takeBatch(): FileTask[] | undefined {
    if (this.run.failure) return undefined;
    if (this.role === 'code' && this.run.codeQueue.length) return this.run.codeQueue.splice(0, this.run.opts.batchFiles ?? DEFAULT_BATCH_FILES);
    return this.run.queue.shift();
  }

  /** Send the next batch, or, when none is left, stop the worker and finish the slot. */
  private next(): void {
    const batch = this.takeBatch();
    if (!batch && this.role === 'code' && this.run.handingOff > 0 && !this.run.failure) {
      // Other workers may still hand files off: keep the warm worker and wait.
      this.disarm();
      this.run.waiting.add(this);
      return;
    }
    if (!batch) {
      this.disarm();
      if (this.worker) {
        this.worker.removeAllListeners();
        void this.worker.terminate();
        this.worker = null;
      }
      if (this.role === 'text') {
        this.run.handingOff--;
        // The last slot that could hand off is done: waiting code slots finish (or take what is queued).
        if (this.run.handingOff === 0 || this.run.failure) for (const slot of [...this.run.waiting]) this.wake(slot);
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
    this.worker.postMessage({ type: 'batch', tasks: batch, handOff: this.role === 'text' } satisfies WorkerRequest);
  }
}

/** Code-analysis slots for `jobs` workers: one, and one more per four cores beyond the first four. */
export function codeSlotCount(jobs: number): number {
  return Math.max(1, Math.floor(jobs / 4));
}

/** How a run used its workers. */
export interface PoolStats {
  codeSlots: number;
  /** Files the other workers handed to a code slot. */
  handedOff: number;
}

/** Process `tasks` in up to `opts.jobs` workers; `onResult` gets each file's record as it arrives. */
export async function runInWorkers(tasks: FileTask[], init: WorkerInit, opts: PoolOptions, onResult: (r: FileResult) => void): Promise<PoolStats> {
  const queue = makeBatches(tasks, opts.batchFiles ?? DEFAULT_BATCH_FILES, opts.batchBytes ?? 8 * 1024 * 1024);
  const count = Math.max(1, Math.min(opts.jobs, queue.length));
  const codeSlots = Math.min(count, codeSlotCount(count));
  const stats: PoolStats = { codeSlots, handedOff: 0 };
  const run: PoolRun = { queue, codeQueue: [], handingOff: count - codeSlots, waiting: new Set(), stats, failure: null, workerUrl: new URL('./worker.js', import.meta.url), init, opts, onResult };
  // With one worker there is no one to hand off to: it is the code slot and does everything.
  await Promise.all(Array.from({ length: count }, (_, i) => new WorkerSlot(run, i < codeSlots ? 'code' : 'text').start()));
  if (run.failure) throw run.failure;
  return stats;
}
