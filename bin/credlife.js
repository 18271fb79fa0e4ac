#!/usr/bin/env node
// Tier code up to V8's optimising compiler later than its default (~3× the interrupt budget): a scan is
// seconds long, and optimising the TypeScript parser early costs more CPU than it saves (see docs/performance.md).
// Process-wide, so the worker threads get it too; it must run before the modules load.
import v8 from 'node:v8';
v8.setFlagsFromString('--interrupt-budget=300000');
// A reader that stops early (`credlife scan | head`) closes the pipe: stop quietly with 2 (the report did not
// reach its reader, so this is never a pass) instead of an unhandled EPIPE stack trace.
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(2);
});
const { main } = await import('../dist/src/cli.js');
process.exitCode = await main(process.argv);
