// Colour only on a TTY; NO_COLOR turns it off, FORCE_COLOR turns it on, --no-color wins over both.
import { Chalk, type ChalkInstance } from 'chalk';

export function colorEnabled(flag: boolean, stream: { isTTY?: boolean }): boolean {
  if (!flag) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY);
}

export function palette(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}
