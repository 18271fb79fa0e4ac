// The include / exclude filter that discovery applies, for sources that list files themselves (staged and
// diff mode, history): default excludes, then the globs the engine settled (config file's, then the CLI's).
import picomatch from 'picomatch';
import type { ScanOptions } from '../model/options.js';
import { DEFAULT_EXCLUDES } from './worktree.js';

/** include / exclude / default excludes, as discovery applies them (the scan's include and exclude already merge the config file's). */
export function fileFilters(options: Pick<ScanOptions, 'include' | 'exclude' | 'defaultExcludes'>): (file: string) => boolean {
  const include = options.include;
  const exclude = [...(options.defaultExcludes === false ? [] : DEFAULT_EXCLUDES), ...(options.exclude ?? [])];
  const inc = include?.length ? picomatch(include, { dot: true }) : null;
  const exc = exclude.length ? picomatch(exclude, { dot: true }) : null;
  return (file) => (!inc || inc(file)) && !(exc && exc(file));
}
