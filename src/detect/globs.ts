// Path globs compiled once into picomatch's regexes and tested directly. The same answers as the function
// picomatch(globs, options) returns (a path equal to a glob matches), except for `basename`, which here applies
// only to globs without a "/" (`.npmrc` matches `x/.npmrc`; `**/.kube/config` is tested on the whole path):
// picomatch applies it to every glob, so a glob with a folder in it could only match a path equal to it.
// These matchers run for every file of a scan (rule `paths`, evidence `files`).
import picomatch from 'picomatch';

export interface GlobOptions {
  /** Test each glob without a "/" against the path's last segment (globs with one: the whole path). */
  basename?: boolean;
  nocase?: boolean;
}

/** picomatch's basename (utils.basename, POSIX separators): the last segment, or the one before a trailing "/". */
function lastSegment(path: string): string {
  const end = path.length - 1;
  if (path.charCodeAt(end) !== 47) return path.slice(path.lastIndexOf('/') + 1);
  return path.slice(path.lastIndexOf('/', end - 1) + 1, end);
}

/** A matcher for `globs` (dot files included), answering as picomatch(globs, { dot: true, ...opts }) does but for `basename` (above). */
export function globMatcher(globs: readonly string[], opts: GlobOptions = {}): (path: string) => boolean {
  const options = { dot: true, ...opts };
  const basename = opts.basename === true;
  const onSegment = globs.filter((g) => basename && !g.includes('/')).map((g) => picomatch.makeRe(g, options));
  const onPath = globs.filter((g) => !basename || g.includes('/')).map((g) => picomatch.makeRe(g, options));
  const literal = new Set(globs);
  return (path) => {
    if (path === '') return false;
    if (literal.has(path)) return true;
    for (const re of onPath) if (re.test(path)) return true;
    if (!onSegment.length) return false;
    const segment = lastSegment(path);
    for (const re of onSegment) if (re.test(segment)) return true;
    return false;
  };
}
