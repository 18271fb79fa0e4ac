// Read one file as text: size guard, binary sniff, BOM-aware decoding. Invalid UTF-8 is decoded with
// replacement characters (never a throw); UTF-16 with a BOM is decoded as UTF-16.
import fs from 'node:fs';
import type { SkippedFile } from '../model/report.js';
import type { FileTask } from '../model/records.js';

const SNIFF_BYTES = 8192;

/** `binary` holds the bytes of a file skipped as binary, for credential files named by rules (keystores). */
export type ReadOutcome = { text: string; bytes: number } | { skipped: SkippedFile; binary?: Buffer };

/** Does this buffer look binary? NUL bytes or many control characters in the first 8 KiB. */
export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b === 0) return true;
    if (b < 7 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return n > 0 && control / n > 0.1;
}

export function decode(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.toString('utf8', 3);
  return buf.toString('utf8');
}

function isUtf16Bom(buf: Buffer): boolean {
  return buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff));
}

/** Open flags: never follow a symlink swapped in after discovery, never block on a FIFO swapped in. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Read a file through one descriptor: open (O_NOFOLLOW | O_NONBLOCK), fstat that descriptor, read from it. What
 * is read is exactly what was checked, whatever happens to the path meanwhile (a swap for a symlink to a file
 * outside the root fails the open; a swap for a FIFO or device is seen by fstat and skipped).
 */
export function readTask(task: FileTask, maxFileSize: number): ReadOutcome {
  if (task.content !== undefined) return { text: task.content, bytes: Buffer.byteLength(task.content) };
  let buf: Buffer;
  let fd: number | null = null;
  try {
    fd = fs.openSync(task.absPath, OPEN_FLAGS);
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { skipped: { file: task.file, reason: 'not-regular-file', detail: 'not a regular file when opened' } };
    if (st.size > maxFileSize) return { skipped: { file: task.file, reason: 'too-large', detail: `${st.size} bytes` } };
    buf = readAll(fd, st.size, maxFileSize);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') return { skipped: { file: task.file, reason: 'symlink-outside-root', detail: 'became a symlink during the scan' } };
    if (code === 'EAGAIN' || code === 'ENXIO') return { skipped: { file: task.file, reason: 'not-regular-file', detail: code } };
    return { skipped: { file: task.file, reason: code === 'ENOENT' ? 'vanished' : 'unreadable', detail: code } };
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
  if (buf.length > maxFileSize) return { skipped: { file: task.file, reason: 'too-large', detail: `${buf.length} bytes` } };
  if (!isUtf16Bom(buf) && looksBinary(buf)) return { skipped: { file: task.file, reason: 'binary' }, binary: buf };
  return { text: decode(buf), bytes: buf.length };
}

/**
 * Read to the end of `fd` (a file may grow after fstat): at most maxFileSize + 1 bytes, so growth past the limit
 * shows. The buffer has one byte more than fstat's size, so a file that did not grow is read without a copy.
 */
function readAll(fd: number, size: number, maxFileSize: number): Buffer {
  const limit = maxFileSize + 1;
  let buf = Buffer.allocUnsafe(Math.min(size + 1, limit));
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      if (buf.length >= limit) break;
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit));
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    const got = fs.readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) break;
    n += got;
  }
  return buf.subarray(0, n);
}

/** Offsets of line starts, for 1-based line/column lookups by binary search. */
/** The offset where each line of `text` starts (line 1 at index 0). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  let i = -1;
  while ((i = text.indexOf('\n', i + 1)) !== -1) starts.push(i + 1);
  return starts;
}

export function makeLineIndex(text: string): (offset: number) => { line: number; column: number } {
  let starts: number[] | null = null;
  return (offset: number) => {
    starts ??= lineStarts(text);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
