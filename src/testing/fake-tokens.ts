// Fake credentials for tests and benchmarks: the token templates of the rule set (src/ruleset/token-templates.ts).
export * from '../ruleset/token-templates.js';
