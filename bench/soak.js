// The soak: a release gms-graph on SQLite with the bundled network, sent a mix of hostile and
// heavy permitted requests by several clients at once for a bounded time. Reports requests,
// refusals by code, HTTP statuses, 5xx (must be 0), whether the process survived (it must), and
// its peak resident set (VmHWM). Not a test: run it by hand or from bench/run.
//
//   node bench/soak.js                      # 30 s, 8 clients
//   SOAK_SECONDS=60 SOAK_CLIENTS=16 SOAK_SYNTHETIC_SCALE=1 GMS_GRAPH_BIN=target/release/gms-graph node bench/soak.js
//
// Exits non-zero on a 5xx, a crash, or a peak RSS over the 256 MiB target. Loopback only; every loop is bounded by the duration.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const binary = process.env.GMS_GRAPH_BIN ?? join(repo, 'target', 'release', 'gms-graph');
const seconds = Number(process.env.SOAK_SECONDS ?? 30);
const clients = Number(process.env.SOAK_CLIENTS ?? 8);
const rssTargetMib = 256;
const settleSeconds = Number(process.env.SOAK_SETTLE_SECONDS ?? 10);

const scale = Number(process.env.SOAK_SYNTHETIC_SCALE ?? 0);
const dir = mkdtempSync(join(tmpdir(), 'gms-soak-'));
const databaseUrl = `sqlite://${join(dir, 'gms.db')}?mode=rwc`;
if (scale > 0) {
  // The synthetic network beside the bundled one: 1,000 courses per unit, so pages are full.
  execFileSync(binary, ['seed', '--synthetic', '--scale', String(scale), '--database-url', databaseUrl], { stdio: 'ignore' });
}
const server = spawn(binary, ['serve', '--bind', '127.0.0.1:0', '--database-url', databaseUrl], {
  env: { ...process.env, RUST_LOG: 'warn,gms_graph=info' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let crashed = null;
server.on('exit', (code, signal) => { if (!stopping) crashed = { code, signal }; });
let stopping = false;

const host = await new Promise((resolve, reject) => {
  let log = '';
  const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${log}`)), 30_000);
  server.stderr.on('data', (chunk) => {
    log += chunk;
    const found = /serving GraphQL at http:\/\/(127\.0\.0\.1:\d+)\/graphql/.exec(log);
    if (found) { clearTimeout(timer); resolve(found[1]); }
  });
});

// ---- the mix ----
const slugs = (n) => Array.from({ length: n }, (_, i) => ({ slug: { eq: `s${i}` } }));
const doubling = (levels) => {
  let q = '{ ...F0 }';
  for (let n = 0; n < levels; n += 1) q += ` fragment F${n} on Query { ...F${n + 1} ...F${n + 1} }`;
  return `${q} fragment F${levels} on Query { __typename }`;
};
const chain = (hops) => {
  let f = { name: { contains: 'a' } };
  for (let i = 0; i < hops; i += 1) f = { [i % 2 === 0 ? 'regions' : 'hubs']: { some: f } };
  return f;
};
const many = (n) => Array.from({ length: n }, (_, i) => `v${i}`);
const COURSES = 'query($f: TrainingCourseFilter) { trainingCourses(filter: $f) { totalCount } }';
const MISSION = readFileSync(join(repo, 'bench', 'queries', 'q2.graphql'), 'utf8');
const pages = (n, fields) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: trainingCourses(first: 500, after: null) { nodes { ${fields} } }`).join(' ')} }`;
// Every field of a course: 9 pages of 500 of them read 4,500 rows and their alliances and hubs
// (under --max-rows 5,000) and answer about 1.8 MB at synthetic scale 1 (under
// --max-response-bytes 2 MiB).
const EVERY_FIELD = 'id slug title provider format audience durationMinutes credits website version note sources alliance { id name } hub { id name }';
// The same rows with their sources twice more: past the answer's budget.
const SOURCES_TWICE_MORE = 's0: sources s1: sources';

const mix = [
  ['hostile: or of 8,000', { query: COURSES, variables: { f: { or: slugs(8_000) } } }],
  ['hostile: fragments doubling 24 deep', { query: doubling(24) }],
  ['hostile: fragments doubling 30 deep', { query: doubling(30) }],
  ['hostile: fragment cycle', { query: '{ ...A } fragment A on Query { ...A }' }],
  ['hostile: some chain 22 deep', { query: 'query($f: RegionFilter) { regions(filter: $f) { totalCount } }', variables: { f: chain(22) } }],
  ['hostile: in of 32,767', { query: 'query($v: [String!]) { trainingCourses(filter: {slug: {in: $v}}) { totalCount } }', variables: { v: many(32_767) } }],
  ['hostile: 60,000 ids', { query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids: many(60_000) } }],
  ['hostile: NUL', { query: COURSES, variables: { f: { title: { contains: '\u0000' } } } }],
  ['hostile: orderBy 3,000', { query: 'query($o: [TrainingCourseOrder!]) { trainingCourses(orderBy: $o) { totalCount } }', variables: { o: Array(3_000).fill({ field: 'TITLE' }) } }],
  ['permitted: mission traversal', { query: MISSION }],
  ['over the row budget: 10 aliased pages of 500 courses', { query: pages(10, 'slug title') }],
  ['over the answer budget: 9 pages of 500 courses, sources twice more', { query: pages(9, `${EVERY_FIELD} ${SOURCES_TWICE_MORE}`) }],
  ['permitted: 9 aliased pages of 500 courses, every field', { query: pages(9, EVERY_FIELD) }],
  ['permitted: or of 1,000', { query: COURSES, variables: { f: { or: slugs(1_000) } } }],
  ['permitted: search', { query: '{ search(text: "genomic", first: 100) { totalCount edges { rank node { __typename id } } } }' }],
];

const byCode = new Map();
const byStatus = new Map();
const byKind = new Map();
let requests = 0;
let fiveHundreds = 0;
let transportErrors = 0;
let peakKib = 0;

/** A memory figure of the server's, in KiB, from /proc (0 once it is gone). */
function memoryKib(field) {
  try {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  } catch { return 0; /* gone */ }
}
function rss() {
  peakKib = Math.max(peakKib, memoryKib('VmHWM'));
}
const sampler = setInterval(rss, 200);

const deadline = Date.now() + seconds * 1000;
async function client(n) {
  let i = n;
  while (Date.now() < deadline && !crashed) {
    const [kind, body] = mix[i % mix.length];
    i += 1;
    try {
      const response = await fetch(`http://${host}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await response.text();
      requests += 1;
      byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
      if (response.status >= 500) fiveHundreds += 1;
      let code = 'ok';
      try {
        const parsed = JSON.parse(text);
        code = parsed.errors?.[0]?.extensions?.code ?? 'ok';
      } catch { code = 'not JSON'; }
      byCode.set(code, (byCode.get(code) ?? 0) + 1);
      const k = byKind.get(kind) ?? new Map();
      k.set(code, (k.get(code) ?? 0) + 1);
      byKind.set(kind, k);
    } catch {
      transportErrors += 1;
    }
  }
}
await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
rss();
clearInterval(sampler);
// What the server still holds once the load has stopped.
await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
const settledKib = memoryKib('VmRSS');
stopping = true;
const alive = !crashed && server.exitCode === null;
server.kill('SIGTERM');
await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)));
rmSync(dir, { recursive: true, force: true });

const peakMib = peakKib / 1024;
console.log(`soak: ${seconds} s, ${clients} clients, synthetic scale ${scale}, ${requests} requests`);
console.log('by kind and code:');
for (const [kind, codes] of byKind) console.log(`  ${kind}: ${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')}`);
console.log(`codes: ${[...byCode].map(([c, n]) => `${c} ${n}`).join(', ')}`);
console.log(`statuses: ${[...byStatus].map(([s, n]) => `${s} ${n}`).join(', ')}`);
console.log(`5xx: ${fiveHundreds}; transport errors: ${transportErrors}; crashed: ${crashed ? JSON.stringify(crashed) : 'no'}; alive at the end: ${alive}`);
console.log(`peak RSS: ${peakMib.toFixed(1)} MiB (target ${rssTargetMib} MiB: ${peakMib <= rssTargetMib ? 'met' : 'NOT met'}); RSS ${settleSeconds} s after the load: ${(settledKib / 1024).toFixed(1)} MiB`);
process.exit(fiveHundreds === 0 && !crashed && alive && peakMib <= rssTargetMib ? 0 : 1);
