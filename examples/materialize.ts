// Kept for scripts that materialise the demo without scanning it: `node dist/examples/materialize.js [DIR]`.
// The logic lives in `credlife demo` (src/commands/demo.ts).
import path from 'node:path';
import { materializeDemo } from '../src/commands/demo.js';

export { materializeDemo };

if (process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('examples', 'materialize.js'))) {
  const target = materializeDemo(process.argv[2]);
  process.stdout.write(`demo agent materialised in ${target}\n`);
}
