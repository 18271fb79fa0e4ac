// Streaming parser for `git log -p --unified=0` output. It keeps only ADDED lines, grouped per
// (commit, file), and hands each group to a callback as soon as it is complete, so memory is bounded by
// the largest single file change, not by the history.
import { StringDecoder } from 'node:string_decoder';
import { unquoteGitPath } from './changes.js';

/** The line that starts each commit in our `--format`; hunk lines always start with + - space or \. */
export const COMMIT_MARKER = '\x01credlife-commit ';
export const LOG_FORMAT = `--format=${COMMIT_MARKER}%H %at`;

export interface CommitInfo {
  id: string;
  /** ISO 8601 author time. */
  authorTime: string;
}

export interface AddedFile {
  commit: CommitInfo;
  /** Path in that commit, from the repository top (POSIX). */
  path: string;
  /** Added lines by 1-based line number in the new version of the file. */
  lines: Map<number, string>;
  /** Bytes of added text. */
  bytes: number;
}

export interface LogParserEvents {
  onCommit(commit: CommitInfo): void;
  onFile(file: AddedFile): void;
  /** A change git would not diff (binary, or above core.bigFileThreshold), or added text above the size cap. */
  onSkipped(commit: CommitInfo, path: string, reason: 'binary' | 'too-large', detail?: string): void;
}

/** Incremental parser: feed() chunks of stdout, end() once. */
export class LogParser {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  private commit: CommitInfo | null = null;
  private file: AddedFile | null = null;
  private tooLarge = false;
  private inHeader = false;
  private headerPath: string | null = null;
  private next = 0; // next added line number inside the current hunk
  /** Bytes of patch text seen (for the bench). */
  patchBytes = 0;

  constructor(
    private readonly events: LogParserEvents,
    private readonly maxFileSize: number,
  ) {}

  feed(chunk: Buffer): void {
    this.patchBytes += chunk.length;
    const text = this.rest + this.decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.line(text.slice(start, nl));
      start = nl + 1;
    }
    this.rest = text.slice(start);
  }

  end(): void {
    const tail = this.rest + this.decoder.end();
    if (tail) this.line(tail);
    this.rest = '';
    this.flushFile();
  }

  private line(line: string): void {
    const c = line.charCodeAt(0);
    if (c === 0x2b /* + */ && !this.inHeader) {
      if (this.file && !this.tooLarge) {
        const text = line.slice(1);
        this.file.lines.set(this.next, text);
        this.file.bytes += text.length + 1;
        // Line numbers are bounded by the blob's size, which git caps at core.bigFileThreshold; checked anyway
        // so that the blank-line padding of placeLines() can never exceed the size limit.
        if (this.file.bytes > this.maxFileSize || this.next > this.maxFileSize) {
          this.tooLarge = true;
          this.events.onSkipped(this.file.commit, this.file.path, 'too-large', `more than ${this.maxFileSize} bytes added`);
          this.file.lines.clear();
        }
      }
      this.next++;
      return;
    }
    if (c === 0x2d /* - */ && !this.inHeader) return;
    if (c === 0x20 /* space: a context line, also on the new side */ && !this.inHeader) {
      this.next++;
      return;
    }
    if (c === 0x5c /* \ No newline at end of file */) return;
    if (line.startsWith(COMMIT_MARKER)) {
      this.flushFile();
      const [id, at] = line.slice(COMMIT_MARKER.length).split(' ');
      const seconds = Number(at);
      this.commit = { id: id ?? '', authorTime: new Date((Number.isFinite(seconds) ? seconds : 0) * 1000).toISOString() };
      this.events.onCommit(this.commit);
      return;
    }
    if (line.startsWith('diff --git ')) {
      this.flushFile();
      this.inHeader = true;
      this.headerPath = pathFromDiffLine(line);
      return;
    }
    if (this.inHeader && line.startsWith('+++ ')) {
      const target = line.slice(4);
      if (target !== '/dev/null' && this.commit) {
        const name = unquoteGitPath(target);
        const p = name.startsWith('b/') ? name.slice(2) : name;
        this.file = { commit: this.commit, path: p, lines: new Map(), bytes: 0 };
        this.tooLarge = false;
      }
      return;
    }
    if (this.inHeader && line.startsWith('Binary files ')) {
      if (this.commit && this.headerPath) this.events.onSkipped(this.commit, this.headerPath, 'binary');
      return;
    }
    if (line.startsWith('@@ ')) {
      this.inHeader = false;
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      this.next = m ? Number(m[1]) : 0;
    }
    // Anything else (index, mode, ---, blank separator lines) carries no added text.
  }

  private flushFile(): void {
    const f = this.file;
    this.file = null;
    this.inHeader = false;
    if (f && !this.tooLarge && f.lines.size > 0) this.events.onFile(f);
  }
}

/** `diff --git a/x b/x` → x (best effort; only used to name skipped binary changes). */
function pathFromDiffLine(line: string): string | null {
  const rest = line.slice('diff --git '.length);
  if (rest.startsWith('"')) {
    const m = /^"(?:[^"\\]|\\.)*" ("(?:[^"\\]|\\.)*")$/.exec(rest);
    const b = m ? unquoteGitPath(m[1]!) : null;
    return b?.startsWith('b/') ? b.slice(2) : b;
  }
  const half = rest.length >= 5 ? rest.slice(Math.floor(rest.length / 2) + 1) : '';
  return half.startsWith('b/') ? half.slice(2) : null;
}

/** The added lines at their real line numbers; the gaps are blank lines so that positions stay true. */
export function placeLines(lines: Map<number, string>): string {
  let max = 0;
  for (const n of lines.keys()) if (n > max) max = n;
  const out = new Array<string>(max).fill('');
  for (const [n, text] of lines) if (n >= 1) out[n - 1] = text;
  return out.join('\n');
}
