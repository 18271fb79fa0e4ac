// The compiler's V8 code cache: used when valid and private to the user, never read from a folder or file
// others could write, and never needed (every failure falls back to a plain require). Each load runs in a fresh
// process: within one, V8's in-memory compilation cache would answer instead of the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheDir, CACHES_KEPT } from '../../src/code/compile-cache.js';

const moduleUrl = new URL('../../src/code/compile-cache.js', import.meta.url).href;

function setup(t: { after: (fn: () => void) => void }): { root: string; mod: string; dir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-cc-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const mod = path.join(root, 'big.cjs');
  // A CommonJS module using its wrapper's arguments, like the compiler does.
  fs.writeFileSync(mod, `const p = require('node:path');\nmodule.exports = { name: p.basename(__filename), twice: (x) => x * 2, self: exports === module.exports };\n`);
  return { root, mod, dir: path.join(root, 'cache') };
}

/** Load the module in a new process (then save the cache, as a worker does after its batch). */
function load(mod: string, dir: string): { load: string; name: string; twice: number; self: boolean } {
  const code = `import * as c from ${JSON.stringify(moduleUrl)};
const m = c.requireCached(${JSON.stringify(mod)}, { CREDLIFE_CACHE_DIR: ${JSON.stringify(dir)} });
const how = c.lastLoad;
c.saveCompileCache();
console.log(JSON.stringify({ load: how, name: m.name, twice: m.twice(21), self: m.self }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { load: string; name: string; twice: number; self: boolean };
}

const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);

test('first load compiles and writes a private cache; the next load uses it; exports are the module\'s', (t) => {
  const { mod, dir } = setup(t);
  assert.deepEqual(load(mod, dir), { load: 'compiled', name: 'big.cjs', twice: 42, self: true });
  const files = cacheFiles(dir);
  assert.equal(files.length, 1);
  assert.equal(fs.statSync(dir).mode & 0o077, 0, 'folder private');
  assert.equal(fs.statSync(path.join(dir, files[0]!)).mode & 0o077, 0, 'file private');
  assert.deepEqual(load(mod, dir), { load: 'cache', name: 'big.cjs', twice: 42, self: true });
  assert.equal(cacheFiles(dir).length, 1);
});

test('a cache folder others can write to is neither read nor written', (t) => {
  const { mod, dir } = setup(t);
  load(mod, dir);
  fs.chmodSync(dir, 0o777);
  assert.equal(load(mod, dir).load, 'compiled');
  fs.rmSync(path.join(dir, cacheFiles(dir)[0]!));
  assert.equal(load(mod, dir).load, 'compiled');
  assert.deepEqual(cacheFiles(dir), []);
});

test('a cache file that is a symlink, or that others can write, is not read', (t) => {
  const { root, mod, dir } = setup(t);
  load(mod, dir);
  const file = path.join(dir, cacheFiles(dir)[0]!);
  const elsewhere = path.join(root, 'elsewhere.v8cache');
  fs.renameSync(file, elsewhere);
  fs.symlinkSync(elsewhere, file);
  assert.equal(load(mod, dir).load, 'compiled');
  // The symlink was replaced by a fresh private file (rename over it), not followed.
  assert.ok(!fs.lstatSync(file).isSymbolicLink());
  fs.copyFileSync(elsewhere, file);
  fs.chmodSync(file, 0o666);
  assert.equal(load(mod, dir).load, 'compiled');
  assert.equal(load(mod, dir).load, 'cache');
});

test('corrupt cached data is rejected by V8 and the module still loads; a changed module gets a new key', (t) => {
  const { mod, dir } = setup(t);
  load(mod, dir);
  const file = path.join(dir, cacheFiles(dir)[0]!);
  fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 7), { mode: 0o600 });
  assert.deepEqual(load(mod, dir), { load: 'compiled', name: 'big.cjs', twice: 42, self: true });
  assert.equal(load(mod, dir).load, 'cache', 'rewritten with good data');
  fs.appendFileSync(mod, 'module.exports.twice = (x) => x * 3;\n');
  const changed = load(mod, dir);
  assert.deepEqual([changed.load, changed.twice], ['compiled', 63]);
  assert.equal(cacheFiles(dir).length, 2);
});

test('CREDLIFE_CACHE_DIR=off turns the cache off; XDG_CACHE_HOME is honoured', (t) => {
  const { mod } = setup(t);
  assert.equal(load(mod, 'off').load, 'require');
  assert.equal(cacheDir({ CREDLIFE_CACHE_DIR: 'off' }), null);
  assert.equal(cacheDir({ XDG_CACHE_HOME: '/x/y' }), path.join('/x/y', 'credlife'));
  assert.equal(cacheDir({ XDG_CACHE_HOME: 'relative' }), path.join(os.homedir(), '.cache', 'credlife'));
});

test('writing a cache keeps only the newest few of the same module, and leaves other modules\' caches alone', (t) => {
  const { mod, dir } = setup(t);
  fs.mkdirSync(dir, { mode: 0o700 });
  const stale = Array.from({ length: 5 }, (_, i) => `big.cjs-${String(i).repeat(24)}.v8cache`);
  stale.forEach((f, i) => {
    fs.writeFileSync(path.join(dir, f), 'old', { mode: 0o600 });
    const when = new Date(Date.UTC(2020, 0, 1 + i));
    fs.utimesSync(path.join(dir, f), when, when);
  });
  fs.writeFileSync(path.join(dir, `other-${'a'.repeat(24)}.v8cache`), 'x', { mode: 0o600 });
  assert.equal(load(mod, dir).load, 'compiled');
  const left = cacheFiles(dir).sort();
  assert.equal(left.filter((f) => f.startsWith('big.cjs-')).length, CACHES_KEPT);
  assert.ok(left.includes(stale[4]!) && left.includes(stale[3]!), 'the newest stale ones stay');
  assert.ok(!left.includes(stale[0]!), 'the oldest go');
  assert.ok(left.includes(`other-${'a'.repeat(24)}.v8cache`), 'another module is not touched');
  assert.equal(load(mod, dir).load, 'cache', 'the new cache is kept');
});
