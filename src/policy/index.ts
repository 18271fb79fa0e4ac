// Policy (issue 7): config file, baseline, inline suppressions, the CI gate.
export { evaluateGate, type GateOptions } from './gate.js';
export { loadConfig, type CredlifeConfig, type LoadedConfig } from './config.js';
export { applyPolicy, type PolicyInput, type PolicyOutput } from './apply.js';
