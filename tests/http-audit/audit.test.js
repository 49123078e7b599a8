// The graphql-http package's server audit (GraphQL over HTTP), against a live gms-graph on a
// fresh SQLite database: every MUST passes; the SHOULD and MAY results are printed, as the
// README lists them.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverAudits } from 'graphql-http';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const binary = process.env.GMS_GRAPH_BIN ?? join(repo, 'target', 'debug', 'gms-graph');
const cleanups = [];

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Starts `gms-graph serve` on a free loopback port; resolves to its host:port. */
function serve(databaseUrl) {
  assert.ok(existsSync(binary), `no gms-graph binary at ${binary}: run cargo build, or set GMS_GRAPH_BIN`);
  const child = spawn(binary, ['serve', '--bind', '127.0.0.1:0', '--database-url', databaseUrl], {
    env: { ...process.env, RUST_LOG: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  cleanups.push(() => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }));
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`gms-graph did not start within 30 s:\n${log}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const found = /serving GraphQL at http:\/\/(127\.0\.0\.1:\d+)\/graphql/.exec(log);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`gms-graph exited with ${code}:\n${log}`)); });
  });
}

test('the GraphQL-over-HTTP audit: every MUST passes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gms-audit-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const host = await serve(`sqlite://${join(dir, 'gms.db')}?mode=rwc`);
  const audits = serverAudits({ url: `http://${host}/graphql` });
  const results = [];
  for (const audit of audits) {
    results.push({ ...(await audit.fn()), name: audit.name, id: audit.id });
  }
  const failedMust = results.filter((r) => r.status !== 'ok' && r.name.startsWith('MUST'));
  const lines = results.map((r) => `${r.status === 'ok' ? 'passes' : r.status}  ${r.name}${r.status === 'ok' ? '' : ` — ${r.reason}`}`);
  console.log(lines.join('\n'));
  const tally = (level) => {
    const of = results.filter((r) => r.name.startsWith(level));
    return `${level}: ${of.filter((r) => r.status === 'ok').length}/${of.length}`;
  };
  console.log(['MUST', 'SHOULD', 'MAY'].map(tally).join(', '));
  assert.deepEqual(failedMust.map((r) => `${r.name}: ${r.reason}`), []);
});
