// Every row of the MCP client table has a fixture under test/fixtures/extract/mcp/<client>/ that the path
// alone attributes to that client and whose servers become bindings via mcp:<client>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { MCP_CLIENTS, mcpClientFor } from '../../src/extract/mcp.js';
import { extractFixture, FIXTURES } from './helpers.js';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

for (const client of new Set(MCP_CLIENTS.map((r) => r.client))) {
  test(`MCP client ${client}: a fixture recognised from its path whose servers are bindings`, () => {
    const dir = path.join(FIXTURES, 'mcp', client);
    assert.ok(fs.existsSync(dir), `add a fixture for ${client} under test/fixtures/extract/mcp/${client}/`);
    const files = filesUnder(dir).map((f) => path.relative(dir, f).split(path.sep).join('/'));
    const own = files.filter((f) => mcpClientFor(f)?.client === client);
    assert.ok(own.length > 0, `${client}: no fixture file is recognised as ${client} (${files.join(', ')})`);
    for (const file of own) {
      const { result } = extractFixture(`mcp/${client}/${file}`);
      assert.ok(result.bindings.length > 0, `${client}: ${file} yields no binding`);
      assert.ok(result.bindings.every((b) => b.via === `mcp:${client}`), `${client}: ${file} bindings come via mcp:${client}`);
    }
  });
}
