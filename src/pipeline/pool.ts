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
/** Results travel in small groups (one message a file cost more than a small file's scan); see worker.ts. */
export type WorkerResponse = { type: 'ready' } | { type: 'partial'; result: FileResult } | { type: 'results'; results: FileResult[] } | { type: 'done' };

/**
 * What a worker starts with: the scan's init, and a shared cell where it writes the index (in its current
 * batch) of the file it is on, so the watchdog knows which file stalled although results arrive in groups.
 */
export interface WorkerData extends WorkerInit {
  progress: SharedArrayBuffer;
}

export interface PoolOptions {
  jobs: number;
  /** A stage of a file that takes longer than this is abandoned: the file is an incomplete scan (timeout). */
  fileTimeoutMs: number;
  batchFiles?: number;
  batchBytes?: number;
}

const YOUNG_GENERATION_MB = 16;
const DEFAULT_BATCH_FILES = 48;
const DEFAULT_BATCH_BYTES = 8 * 1024 * 1024;

export function defaultJobs(): number {
  return Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 8));
}

/**
 * The files for a pool, in batches of up to `maxFiles` files / `maxBytes` bytes: filled while discovery runs
 * and closed when it ends, so workers start on the first batches while the tree is still being walked.
 */
export class TaskFeed {
  readonly batches: FileTask[][] = [];
  closed = false;
  /** Called when a batch is added or the feed closes (the pool wakes a waiting slot). */
  onChange: (() => void) | null = null;
  private current: FileTask[] = [];
  private bytes = 0;

  constructor(
    private readonly maxFiles = DEFAULT_BATCH_FILES,
    private readonly maxBytes = DEFAULT_BATCH_BYTES,
  ) {}

  static of(tasks: readonly FileTask[], maxFiles?: number, maxBytes?: number): TaskFeed {
    const feed = new TaskFeed(maxFiles, maxBytes);
    for (const t of tasks) feed.push(t);
    feed.close();
    return feed;
  }

  push(task: FileTask): void {
    if (this.current.length && (this.current.length >= this.maxFiles || this.bytes + task.size > this.maxBytes)) this.flush();
    this.current.push(task);
    this.bytes += task.size;
  }

  /** No more files: the last batch goes out. */
  close(): void {
    this.flush();
    this.closed = true;
    this.onChange?.();
  }

  /** Discovery failed: drop what is not yet taken and close. */
  cancel(): void {
    this.current = [];
    this.batches.length = 0;
    this.close();
  }

  private flush(): void {
    if (!this.current.length) return;
    this.batches.push(this.current);
    this.current = [];
    this.bytes = 0;
    this.onChange?.();
  }
}

/** What the slots of one run share: the queues, the first unexpected failure, where results go. */
interface PoolRun {
  feed: TaskFeed;
  /** Files handed off by the other workers, waiting for a code-analysis slot. */
  codeQueue: FileTask[];
  /** Slots that may still hand files off: a code slot with nothing to do waits until this is 0. */
  handingOff: number;
  /** Slots waiting for work: for the next batch while the feed is open; code slots also for hand-offs. */
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
  /** The batch in work, and the cell where the worker writes which of its files it is on (-1: none yet). */
  private batch: FileTask[] = [];
  private readonly progress = new Int32Array(new SharedArrayBuffer(4));

  /** `code`: takes the handed-off files first and parses everything itself; the others hand parses off. */
  constructor(
    readonly run: PoolRun,
    readonly role: 'code' | 'text',
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
    if (this.pending.length) this.run.feed.batches.unshift(this.pending);
    this.pending = [];
    this.next();
  }

  /** The file the worker is on, taken out of `pending` (the others go back on the queue with the new worker). */
  private takeFileInWork(): FileTask | undefined {
    const at = Atomics.load(this.progress, 0);
    const task = at >= 0 ? this.batch[at] : undefined;
    const i = task ? this.pending.indexOf(task) : -1;
    return i >= 0 ? this.pending.splice(i, 1)[0] : this.pending.shift();
  }

  private onTimeout(): void {
    const { fileTimeoutMs } = this.run.opts;
    const stalled = this.takeFileInWork();
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
    } else if (msg.type === 'results') {
      for (const result of msg.results) {
        if (this.partial?.file === result.file) this.partial = null;
        const i = this.pending.findIndex((t) => t.file === result.file);
        const task = i >= 0 ? this.pending.splice(i, 1)[0] : undefined;
        if (result.handedOff && task) this.handOff(task);
        else this.run.onResult(result);
      }
      this.arm();
    } else {
      this.disarm();
      this.next();
    }
  }

  /** A crash (e.g. out of memory on a hostile file): skip the file it was on, go on. */
  private onError(err: Error): void {
    const crashed = this.takeFileInWork();
    this.partial = null;
    if (crashed) this.run.onResult(skipResult(crashed, 'unreadable', `worker crashed (${err.name})`));
    else if (!this.run.failure) this.run.failure = err;
    this.replaceWorker();
  }

  private spawn(): Worker {
    // A smaller young generation (V8's default lets it grow to ~48 MB an isolate): workers allocate
    // briskly but keep little, so this trims peak RSS by tens of MB for a few more scavenges. The old
    // generation is not capped (a hostile file must not crash a worker that would have coped).
    const workerData: WorkerData = { ...this.run.init, progress: this.progress.buffer as SharedArrayBuffer };
    const w = new Worker(this.run.workerUrl, { workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
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
    for (const slot of this.run.waiting) if (slot.role === 'code') return wake(slot);
  }

  /** The next batch: a code slot takes handed-off files first, then ordinary batches. */
  private takeBatch(): FileTask[] | undefined {
    if (this.run.failure) return undefined;
    if (this.role === 'code' && this.run.codeQueue.length) return this.run.codeQueue.splice(0, this.run.opts.batchFiles ?? DEFAULT_BATCH_FILES);
    return this.run.feed.batches.shift();
  }

  /** Nothing to take now, but more may come: from discovery, or (code slots) hand-offs from the other workers. */
  private mayGetMore(): boolean {
    return !this.run.failure && (!this.run.feed.closed || (this.role === 'code' && this.run.handingOff > 0));
  }

  /** Send the next batch, or, when none is left, stop the worker and finish the slot. */
  next(): void {
    const batch = this.takeBatch();
    if (!batch && this.mayGetMore()) {
      // Keep the worker (warm) and wait to be woken.
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
        if (this.run.handingOff === 0 || this.run.failure) for (const slot of [...this.run.waiting]) if (slot.role === 'code') wake(slot);
      }
      this.finished();
      return;
    }
    if (!this.worker) {
      this.ready = false;
      this.worker = this.spawn();
    }
    this.batch = batch;
    this.pending = batch.slice();
    Atomics.store(this.progress, 0, -1);
    if (this.ready) this.arm();
    this.worker.postMessage({ type: 'batch', tasks: batch, handOff: this.role === 'text' } satisfies WorkerRequest);
  }
}

function wake(slot: WorkerSlot): void {
  slot.run.waiting.delete(slot);
  slot.next();
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

/**
 * Process the files of `tasks` (a list, or a feed discovery is still filling) in up to `opts.jobs` workers;
 * `onResult` gets each file's record as it arrives. A slot starts its worker when it gets its first batch.
 */
export async function runInWorkers(tasks: FileTask[] | TaskFeed, init: WorkerInit, opts: PoolOptions, onResult: (r: FileResult) => void): Promise<PoolStats> {
  const feed = tasks instanceof TaskFeed ? tasks : TaskFeed.of(tasks, opts.batchFiles, opts.batchBytes);
  const count = Math.max(1, feed.closed ? Math.min(opts.jobs, feed.batches.length) : opts.jobs);
  const codeSlots = Math.min(count, codeSlotCount(count));
  const stats: PoolStats = { codeSlots, handedOff: 0 };
  const run: PoolRun = { feed, codeQueue: [], handingOff: count - codeSlots, waiting: new Set(), stats, failure: null, workerUrl: new URL('./worker.js', import.meta.url), init, opts, onResult };
  // A new batch wakes one waiting slot; the end of the feed wakes them all (to finish, or to take the last batches).
  feed.onChange = () => {
    const all = feed.closed;
    for (const slot of [...run.waiting]) {
      wake(slot);
      if (!all && !feed.batches.length) break;
    }
  };
  // With one worker there is no one to hand off to: it is the code slot and does everything.
  await Promise.all(Array.from({ length: count }, (_, i) => new WorkerSlot(run, i < codeSlots ? 'code' : 'text').start()));
  if (run.failure) throw run.failure;
  return stats;
}
