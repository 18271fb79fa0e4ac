// The include / exclude filter that discovery applies, for sources that list files themselves (staged and
// diff mode, history): default excludes, the config file's globs, then the CLI's.
import picomatch from 'picomatch';
import type { ScanOptions } from '../pipeline/scan.js';
import { DEFAULT_EXCLUDES } from './worktree.js';
import { loadConfig } from '../policy/config.js';

/** include / exclude / default excludes, as discovery applies them (CLI flags plus the config file). */
export function fileFilters(scanDir: string, options: ScanOptions): (file: string) => boolean {
  let cfgInclude: string[] | undefined;
  let cfgExclude: string[] = [];
  try {
    const cfg = loadConfig(scanDir, { path: options.config }).config;
    cfgInclude = cfg.include;
    cfgExclude = cfg.exclude ?? [];
  } catch {
    // scan.ts already loaded (and reported) the config; a second failure here changes nothing.
  }
  const include = options.include ?? cfgInclude;
  const exclude = [...(options.defaultExcludes === false ? [] : DEFAULT_EXCLUDES), ...cfgExclude, ...(options.exclude ?? [])];
  const inc = include?.length ? picomatch(include, { dot: true }) : null;
  const exc = exclude.length ? picomatch(exclude, { dot: true }) : null;
  return (file) => (!inc || inc(file)) && !(exc && exc(file));
}
