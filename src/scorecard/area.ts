// Which part of the repository a piece of scorecard evidence is about. The five controls judge the agents:
// their code, MCP and agent configs, and deployment. CI workflows get their own section, tests and fixtures are
// never evidence (they are counted as "seen in tests"), and documentation is not what runs.
import { contextOfPath, isCiPath } from '../model/path-context.js';

export type EvidenceArea = 'agent' | 'ci' | 'test' | 'docs';

/** The area of a file; `via` (the reader of a binding, e.g. "ci:github-actions") marks CI jobs wherever they live. */
export function areaOf(file: string, via?: string): EvidenceArea {
  if (isCiPath(file) || via?.startsWith('ci:')) return 'ci';
  const ctx = contextOfPath(file);
  if (ctx === 'test') return 'test';
  if (ctx === 'docs') return 'docs';
  // Examples and sample apps are agents too: in an SDK's repository they are the agents people copy.
  return 'agent';
}
