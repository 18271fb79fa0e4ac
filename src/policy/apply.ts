// Apply the team's policy to scored findings: config allowlists and disabled rules, inline suppressions
// (with expiry), baseline. Every suppression that took effect is recorded. (Issue 7 owns the full behaviour.)
import type { Finding, SuppressionRecord } from '../types.js';
import type { InlineSuppression } from '../pipeline/types.js';
import type { LoadedConfig } from './config.js';

export interface PolicyInput {
  config: LoadedConfig;
  inline: InlineSuppression[];
  baselinePath?: string;
  writeBaselinePath?: string;
  showBaselined?: boolean;
  reportUnusedSuppressions?: boolean;
  now?: Date;
}

export interface PolicyOutput {
  findings: Finding[];
  suppressed: SuppressionRecord[];
  baselined: number;
  warnings: { file: string; line?: number; message: string }[];
}

export function applyPolicy(findings: Finding[], _input: PolicyInput): PolicyOutput {
  return { findings, suppressed: [], baselined: 0, warnings: [] };
}
