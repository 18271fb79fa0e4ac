// Path globs compiled once into picomatch's regexes and tested directly. Same answers as the function
// picomatch(globs, options) returns (a path equal to a glob matches; with `basename`, the regex is tested on
// the last path segment, otherwise on the whole path), without what it does per call that a scan does not
// need: a result object per glob and, with `basename`, splitting the path once per glob. These matchers
// run for every file of a scan (rule `paths`, evidence `files`).
import picomatch from 'picomatch';

export interface GlobOptions {
  /** Test each glob against the path's last segment (picomatch `basename`). */
  basename?: boolean;
  nocase?: boolean;
}

/** picomatch's basename (utils.basename, POSIX separators): the last segment, or the one before a trailing "/". */
function lastSegment(path: string): string {
  const end = path.length - 1;
  if (path.charCodeAt(end) !== 47) return path.slice(path.lastIndexOf('/') + 1);
  return path.slice(path.lastIndexOf('/', end - 1) + 1, end);
}

/** A matcher for `globs` (dot files included), answering as picomatch(globs, { dot: true, ...opts }) does. */
export function globMatcher(globs: readonly string[], opts: GlobOptions = {}): (path: string) => boolean {
  const options = { dot: true, ...opts };
  const regexes = globs.map((g) => picomatch.makeRe(g, options));
  const literal = new Set(globs);
  const basename = opts.basename === true;
  return (path) => {
    if (path === '') return false;
    if (literal.has(path)) return true;
    const subject = basename ? lastSegment(path) : path;
    for (const re of regexes) if (re.test(subject)) return true;
    return false;
  };
}
