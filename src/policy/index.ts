// Policy: config file, baseline, inline suppressions, the CI gate.
export { evaluateGate, type GateOptions } from './gate.js';
export { loadConfig, findConfigFile, parseConfigText, CONFIG_SCHEMA, type CredlifeConfig, type LoadedConfig } from './config.js';
export { applyPolicy, BASELINED_NOTE, type PolicyInput, type PolicyOutput } from './apply.js';
export { formatBaseline, readBaseline, writeBaseline, baselineEntryOf, type BaselineEntry } from './baseline.js';
