// Shared helpers for detection tests.
import path from 'node:path';
import { repoRoot } from '../../src/testing/paths.js';
import { loadCredentialRules, detectSecrets, type CompiledRules, type DetectOptions } from '../../src/detect/index.js';
import { makeLineIndex } from '../../src/sources/read.js';
import type { Detection, FileContext } from '../../src/model/records.js';

export const RULES_DIR = path.join(repoRoot(), 'rules', 'credentials');
let cached: CompiledRules | null = null;
export function builtinRules(): CompiledRules {
  return (cached ??= loadCredentialRules([RULES_DIR]));
}

export const OPTS: DetectOptions = { fingerprintKey: 'test-key' };

export function ctxOf(text: string, file = 'test.txt'): FileContext {
  return { file, text, lineAt: makeLineIndex(text), exposure: 'file' };
}

export function scan(text: string, file = 'test.txt', rules = builtinRules(), opts = OPTS): Detection[] {
  return detectSecrets(ctxOf(text, file), rules, opts);
}
