// The gate through the CLI: --fail-on, --max-afterlife (afterlife, not severity), --exit-zero, and
// config-file values under command-line flags.
import test from 'node:test';
import assert from 'node:assert/strict';
import { acmeToken, configWithRule, scanJson, tree } from './helpers.js';

// A 30-day token: afterlife 30d - 15m. Severity pinned to low so only the afterlife gate can fire.
const thirtyDays = '{ class: long-lived, ttlSeconds: 2592000 }';

test('--max-afterlife gates on afterlife, independently of severity', async () => {
  const dir = tree({ '.credlife.yaml': configWithRule({ severity: 'low', lifetime: thirtyDays }), 'a.env': `ACME=${acmeToken(1)}\n` });
  const none = await scanJson([dir]);
  assert.equal(none.r.code, 0, 'low severity passes --fail-on high');
  assert.equal(none.report.findings.length, 1);
  assert.equal(none.report.findings[0]!.severity, 'low');
  assert.equal(none.report.findings[0]!.credential?.afterlife.seconds, 2592000 - 900);

  const tight = await scanJson([dir, '--max-afterlife', '1h']);
  assert.equal(tight.r.code, 1);
  assert.equal(tight.report.summary.gate?.failing, 1);
  assert.match(tight.report.summary.gate!.reasons.join(' '), /afterlife/);

  const loose = await scanJson([dir, '--max-afterlife', '60d']);
  assert.equal(loose.r.code, 0);

  const zero = await scanJson([dir, '--max-afterlife', '1h', '--exit-zero']);
  assert.equal(zero.r.code, 0);
  assert.equal(zero.report.summary.gate?.failed, true, 'the report still says the gate failed');
});

test('maxAfterlife and taskWindow from the config file apply; flags win', async () => {
  const dir = tree({
    '.credlife.yaml': configWithRule({ severity: 'low', lifetime: thirtyDays, extra: 'maxAfterlife: 7d\ntaskWindow: 1h' }),
    'a.env': `ACME=${acmeToken(1)}\n`,
  });
  const fromConfig = await scanJson([dir]);
  assert.equal(fromConfig.r.code, 1);
  assert.equal(fromConfig.report.taskWindowSeconds, 3600);
  assert.equal(fromConfig.report.summary.gate?.maxAfterlifeSeconds, 7 * 86400);
  const flag = await scanJson([dir, '--max-afterlife', '60d']);
  assert.equal(flag.r.code, 0);
});

test('static credentials have an unbounded afterlife: any --max-afterlife fails them', async () => {
  const dir = tree({ '.credlife.yaml': configWithRule({ severity: 'info' }), 'a.env': `ACME=${acmeToken(1)}\n` });
  const r = await scanJson([dir, '--max-afterlife', '3650d']);
  assert.equal(r.r.code, 1);
  assert.equal(r.report.findings[0]!.credential?.afterlife.unbounded, true);
});

test('failOn from the config file applies when --fail-on is not given; the flag wins', async () => {
  const dir = tree({ '.credlife.yaml': configWithRule({ severity: 'medium', extra: 'failOn: medium' }), 'a.env': `ACME=${acmeToken(1)}\n` });
  const fromConfig = await scanJson([dir]);
  assert.equal(fromConfig.r.code, 1);
  assert.equal(fromConfig.report.summary.gate?.failOn, 'medium');
  const flag = await scanJson([dir, '--fail-on', 'high']);
  assert.equal(flag.r.code, 0);
});
