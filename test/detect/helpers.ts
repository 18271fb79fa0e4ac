// Shared helpers for detection tests.
import path from 'node:path';
import { repoRoot } from '../../src/testing/paths.js';
import { loadCredentialRules, detectSecrets, type CompiledRules, type DetectOptions } from '../../src/detect/index.js';
import type { Detection, FileContext } from '../../src/pipeline/types.js';

export const RULES_DIR = path.join(repoRoot(), 'rules', 'credentials');
let cached: CompiledRules | null = null;
export function builtinRules(): CompiledRules {
  return (cached ??= loadCredentialRules([RULES_DIR]));
}

export const OPTS: DetectOptions = { fingerprintKey: 'test-key' };

export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
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

export function ctxOf(text: string, file = 'test.txt'): FileContext {
  return { file, text, lineAt: lineIndex(text), exposure: 'file' };
}

export function scan(text: string, file = 'test.txt', rules = builtinRules(), opts = OPTS): Detection[] {
  return detectSecrets(ctxOf(text, file), rules, opts);
}
