// `npm run build` step: parse rules/**/*.yaml once and store the documents in dist/rules-yaml.json.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileRuleYaml } from './rule-yaml.js';

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'rules');
const n = compileRuleYaml(rulesDir);
process.stdout.write(`rules: ${n} YAML documents precompiled\n`);
