// The explorer's weight and speed in headless Chromium, on the bundled network: a benchmark, not
// a test (issue 18's targets: its first full render under 1 s, and under 300 KB of compressed
// script, GraphiQL aside).
//
//   node bench/explorer.mjs [BINARY]     (BINARY: target/release/gms-graph by default)
//
// It serves a fresh SQLite copy of the bundled network on loopback, opens each page ROUNDS
// times in a new browser context (nothing cached), and reports the median time from navigation
// to the view being drawn (the map's sites, a record's sections, a table's rows), and the
// bytes each page loads: as sent, and gzip-compressed (what a compressing proxy would send).
// It uses puppeteer-core from tests/browser (npm ci there first) and Debian's Chromium.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repo = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(repo, 'tests/browser/package.json'));
const { default: puppeteer } = await import(require.resolve('puppeteer-core'));
const binary = process.argv[2] ?? join(repo, 'target/release/gms-graph');
const chromium = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const rounds = Number(process.env.ROUNDS ?? 7);

const pages = [
  ['the network (/)', '/', () => document.querySelectorAll('svg.network-map .map-site').length > 0],
  ['a hub (/record/Hub:north-west)', '/record/Hub:north-west', () => document.getElementById('history-section') !== null],
  ['a table (/table/Site)', '/table/Site', () => document.querySelectorAll('.data-table tbody tr').length > 0],
  ['search (/search?q=Salisbury)', '/search?q=Salisbury', () => document.querySelectorAll('.search-results li').length > 0],
  ['GraphiQL (/graphql)', '/graphql', () => document.querySelector('.graphiql-execute-button') !== null],
];

const dir = mkdtempSync(join(tmpdir(), 'gms-bench-explorer-'));
const server = spawn(binary, ['serve', '--bind', '127.0.0.1:0', '--database-url', `sqlite://${join(dir, 'gms.db')}?mode=rwc`], {
  stdio: ['ignore', 'ignore', 'pipe'],
  env: { ...process.env, RUST_LOG: 'info' },
});
const origin = await new Promise((resolve, reject) => {
  let log = '';
  const timer = setTimeout(() => reject(new Error(`no server within 60 s:\n${log}`)), 60_000);
  server.stderr.on('data', (chunk) => {
    log += chunk;
    const found = /serving GraphQL at (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(log);
    if (found) {
      clearTimeout(timer);
      resolve(found[1]);
    }
  });
  server.on('exit', (code) => reject(new Error(`the server exited with ${code}:\n${log}`)));
});

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
try {
  for (const [name, path, ready] of pages) {
    const times = [];
    let weight = null;
    for (let round = 0; round < rounds; round++) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: 1280, height: 800 });
      const bodies = [];
      page.on('response', async (response) => {
        try {
          const body = await response.buffer();
          bodies.push({ url: response.url(), type: response.headers()['content-type'] ?? '', body });
        } catch {
          // A redirect or an aborted body has nothing to count.
        }
      });
      const started = performance.now();
      await page.goto(`${origin}${path}`);
      await page.waitForFunction(ready, { timeout: 30_000, polling: 'raf' });
      times.push(performance.now() - started);
      await page.waitForNetworkIdle({ idleTime: 200 });
      if (round === 0) {
        const sum = (filter) => bodies.filter(filter).reduce((n, b) => n + b.body.length, 0);
        const gz = (filter) => bodies.filter(filter).reduce((n, b) => n + gzipSync(b.body).length, 0);
        const script = (b) => /javascript/.test(b.type);
        const graphiql = (b) => /graphiql|react/.test(b.url);
        weight = {
          requests: bodies.length,
          bytes: sum(() => true),
          scriptBytes: sum(script),
          scriptGzip: gz(script),
          scriptGzipWithoutGraphiql: gz((b) => script(b) && !graphiql(b)),
          apiBytes: sum((b) => b.url.endsWith('/graphql') && /json/.test(b.type)),
        };
      }
      await context.close();
    }
    results.push({ name, medianMs: Math.round(median(times)), minMs: Math.round(Math.min(...times)), ...weight });
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`| page | first full render, median of ${rounds} (min) | requests | bytes loaded | of which API answers | script | script, gzip | script, gzip, GraphiQL and React aside |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(`| ${r.name} | ${r.medianMs} ms (${r.minMs}) | ${r.requests} | ${kb(r.bytes)} | ${kb(r.apiBytes)} | ${kb(r.scriptBytes)} | ${kb(r.scriptGzip)} | ${kb(r.scriptGzipWithoutGraphiql)} |`);
}
