// Structured readers: env files, MCP client configs, agent configs, CI, Kubernetes, compose, Vault, SPIRE.
// Each reader turns one parsed file into bindings, config issues and evidence, with the line of the value.
// The dispatcher picks one reader per file, by name first and by a glance at the content only for generic
// YAML / JSON / HCL names (every file of a monorepo passes through isExtractCandidate).
import path from 'node:path';
import type { Binding, Warning } from '../model/report.js';
import type { Detection, Evidence, FileContext, Issue } from '../model/records.js';
import type { ValuePosition } from '../detect/index.js';
import { isEnvFileName, readEnvFile } from './env.js';
import { mcpClientFor, mcpClientForYamlContent, readMcp } from './mcp.js';
import { agentConfigKind, readAgentConfig } from './agents.js';
import { isComposeContent, isComposeName, readCompose } from './compose.js';
import { isGithubWorkflow, readGithubActions } from './github-actions.js';
import { isGitlabCi, readGitlabCi } from './gitlab-ci.js';
import { isKubernetesContent, readKubernetes } from './kubernetes.js';
import { isVaultContent, readVault } from './vault.js';
import { isSpireContent, readSpire } from './spire.js';

export interface ReaderHelpers {
  /** Classify one value a reader pulled out (credential rules + generic keyword/entropy check). */
  detectValue(value: string, pos: Omit<ValuePosition, 'file'>): Detection | null;
}

export interface ExtractResult {
  bindings: Binding[];
  issues: Issue[];
  warnings: Warning[];
  evidence: Evidence[];
  /** Secrets a reader found that the text scan cannot see (e.g. values split across lines). */
  detections: Detection[];
}

export function emptyExtractResult(): ExtractResult {
  return { bindings: [], issues: [], warnings: [], evidence: [], detections: [] };
}

type Reader = (ctx: FileContext, helpers: ReaderHelpers) => ExtractResult;

/** How much of a generic file the content glance looks at. */
const GLANCE = 64 * 1024;

/** The reader for a file, or null. Name rules first; content only for generic YAML / JSON / HCL files. */
export function readerFor(file: string, text: string): Reader | null {
  const base = path.posix.basename(file);
  const lower = base.toLowerCase();
  if (isEnvFileName(file)) return readEnvFile;
  const mcp = mcpClientFor(file);
  if (mcp) return (ctx, helpers) => readMcp(ctx, helpers, mcp);
  if (isGithubWorkflow(file)) return readGithubActions;
  if (isGitlabCi(file)) return readGitlabCi;
  const agent = agentConfigKind(file);
  if (agent) return (ctx, helpers) => readAgentConfig(ctx, helpers, agent);
  if (isComposeName(file)) return readCompose;

  const ext = path.posix.extname(lower);
  if (ext === '.yaml' || ext === '.yml') {
    const head = text.length > GLANCE ? text.slice(0, GLANCE) : text;
    const yamlMcp = mcpClientForYamlContent(file, head);
    if (yamlMcp) return (ctx, helpers) => readMcp(ctx, helpers, yamlMcp);
    const crew = agentConfigKind(file, head);
    if (crew) return (ctx, helpers) => readAgentConfig(ctx, helpers, crew);
    if (isKubernetesContent(head)) return readKubernetes;
    if (isComposeContent(head)) return readCompose;
    return null;
  }
  if (ext === '.json') {
    const head = text.length > GLANCE ? text.slice(0, GLANCE) : text;
    const n8n = agentConfigKind(file, head);
    if (n8n) return (ctx, helpers) => readAgentConfig(ctx, helpers, n8n);
    if (isVaultContent(file, head)) return readVault;
    if (isSpireContent(file, head)) return readSpire;
    return null;
  }
  if (ext === '.hcl' || ext === '.tf' || ext === '.conf') {
    const head = text.length > GLANCE ? text.slice(0, GLANCE) : text;
    if (isSpireContent(file, head)) return readSpire;
    if (isVaultContent(file, head)) return readVault;
  }
  return null;
}

/** Cheap check (name first, then a glance at the text) before any parsing. */
export function isExtractCandidate(file: string, text: string): boolean {
  return readerFor(file, text) !== null;
}

export function extractFile(ctx: FileContext, helpers: ReaderHelpers): ExtractResult {
  const reader = readerFor(ctx.file, ctx.text);
  if (!reader) return emptyExtractResult();
  try {
    return reader(ctx, helpers);
  } catch (err) {
    // Readers are written not to throw; this is the last guard so one odd file never stops a scan.
    const why = err instanceof RangeError ? 'too deeply nested or too large' : (err as Error)?.name ?? 'error';
    const out = emptyExtractResult();
    out.warnings.push({ file: ctx.file, message: `structured reader stopped (${why}); text scan still applied` });
    return out;
  }
}
