// Turns bench/run's raw.tsv into the Markdown report: medians over the rounds, ratios to the
// limit and to PostGraphile (5 and 4.14), the cache-miss workloads, CPU time per request,
// statements per request, fixed-rate latency, peak RSS, cold start, and each target met or not.
const fs = require('fs');
const [file, connections, rate, duration, rounds] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => {
  const [backend, dataset, query, server, round, rps, p50, p99, status] = line.split('\t');
  return { backend, dataset, query, server, round, rps: Number(rps), p50: Number(p50), p99: Number(p99), status };
});
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pick = (f) => rows.filter(f);
const med = (f, key) => median(pick(f).map((r) => r[key]));
// Latency at the fixed rate: the median over rounds of each round's p50 and p99.
const fixedRate = (inSet, server) => {
  const mine = (r) => inSet(r) && r.server === `${server}@${rate}/s`;
  return pick(mine).length ? { p50: med(mine, 'p50'), p99: med(mine, 'p99') } : undefined;
};
const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const sets = [...new Set(rows.map((r) => `${r.backend}\t${r.dataset}`))].map((s) => s.split('\t'));
// The depth a query's statements are held to: its levels of the graph (root listing, then one
// per relation followed), which is stricter than its GraphQL field depth (fieldDepth, as the
// server's --max-depth counts it).
const depth = { q0: 1, q1: 3, q2: 4, q3: 1, q4: 1, q5: 1 };
const fieldDepth = { q0: 1, q1: 6, q2: 8, q3: 3, q4: 2, q5: 2 };
const names = {
  q0: 'Q0 `{ __typename }`',
  q1: 'Q1 hubs, lead trust, regions',
  q2: 'Q2 alliances → regions → hubs → lead trust',
  q3: 'Q3 filtered, ordered page of 20 courses',
  q4: 'Q4 `_entities`, 100 representations',
  q5: 'Q5 versioned update',
};
// The table against the peers: the queries both sides answer, then the cache-miss workloads.
const peerNames = {
  q2: 'Q2 mission traversal',
  q3: 'Q3 course page (PostGraphile: no title test¹)',
  q4: 'Q4 100 records by key (PostGraphile: 100 aliased listings²)',
  'vary-course': 'course page, provider, format and `first` varying',
  'vary-entities': '`_entities`, 10–50 of Q4\'s representations varying²',
};
const servers = [
  ['gms-graph', 'gms-graph'],
  ['engine', 'engine (cache off)'],
  ['postgraphile5', 'PostGraphile 5'],
  ['postgraphile', 'PostGraphile 4.14'],
];
const out = [];
out.push(`Measured ${new Date().toISOString().slice(0, 10)}: ${rounds} rounds of ${duration} s per query, ${connections} connections, medians; gms-graph (and each peer) on CPU 0, the load generator on CPU 1.`, '');
const targets = [];
for (const [backend, dataset] of sets) {
  const inSet = (r) => r.backend === backend && r.dataset === dataset;
  out.push(`### ${backend}, ${dataset}`, '');
  out.push('| query | req/s | × limit | engine req/s | engine × limit | limit req/s | p50 ms | p99 ms | engine p50 ms | engine p99 ms | statements/request | engine statements/request |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const q of ['q0', 'q1', 'q2', 'q3', 'q4', 'q5']) {
    const mine = (r) => inSet(r) && r.query === q && r.server === 'gms-graph';
    const engine = (r) => inSet(r) && r.query === q && r.server === 'engine';
    const rps = med(mine, 'rps');
    const engineRps = med(engine, 'rps');
    const limit = med((r) => inSet(r) && r.query === q && r.server === 'limit', 'rps');
    const statements = med((r) => inSet(r) && r.query === q && r.server === 'statements', 'rps');
    const engineStatements = med((r) => inSet(r) && r.query === q && r.server === 'statements-engine', 'rps');
    out.push(`| ${names[q]} | ${fmt(rps)} | ${fmt(rps / limit, 2)} | ${fmt(engineRps)} | ${fmt(engineRps / limit, 2)} | ${fmt(limit)} | ${fmt(med(mine, 'p50'), 2)} | ${fmt(med(mine, 'p99'), 2)} | ${fmt(med(engine, 'p50'), 2)} | ${fmt(med(engine, 'p99'), 2)} | ${fmt(statements, 1)} | ${fmt(engineStatements, 1)} |`);
    for (const [which, n] of [['', statements], [', response cache off', engineStatements]]) {
      if (Number.isFinite(n)) {
        targets.push([`statements per request ≤ depth (${backend}, ${dataset}, ${q.toUpperCase()}: ${depth[q]} levels, field depth ${fieldDepth[q]}${which})`, fmt(n, 1), n <= depth[q]]);
      }
    }
    if (q === 'q2' && backend === 'sqlite' && dataset === 'real') {
      targets.push(['Q2 on SQLite ≥ 0.35× the limit', fmt(rps / limit, 2), rps / limit >= 0.35]);
      targets.push(['Q2 on SQLite ≥ 0.35× the limit, response cache off', fmt(engineRps / limit, 2), engineRps / limit >= 0.35]);
    }
  }
  // Against PostGraphile 5 (and 4.14, on Q2) and on the cache-miss workloads, where the variables
  // change with every request, so that gms-graph's response cache mostly misses.
  const workloads = Object.keys(peerNames).filter((q) =>
    pick((r) => inSet(r) && r.query === q && servers.some(([s]) => s === r.server) && (q.startsWith('vary') || r.server.startsWith('postgraphile'))).length);
  if (workloads.length) {
    const present = servers.filter(([s]) => pick((r) => inSet(r) && r.server === s && workloads.includes(r.query)).length);
    const rpsOf = (q, s) => med((r) => inSet(r) && r.query === q && r.server === s, 'rps');
    const hasPeer5 = present.some(([s]) => s === 'postgraphile5');
    out.push('');
    out.push(`| workload | ${present.map(([, n]) => `${n} req/s`).join(' | ')}${hasPeer5 ? ' | gms-graph ÷ PostGraphile 5 | engine ÷ PostGraphile 5' : ''} | ${present.map(([, n]) => `${n} p50 / p99 ms`).join(' | ')} | gms-graph: cache hits |`,
      `| --- | ${present.map(() => '---:').join(' | ')}${hasPeer5 ? ' | ---: | ---:' : ''} | ${present.map(() => '---:').join(' | ')} | ---: |`);
    for (const q of workloads) {
      const mine = (s) => (r) => inSet(r) && r.query === q && r.server === s;
      const variants = pick((r) => inSet(r) && r.query === q && r.server === 'variants')[0];
      const hits = med((r) => inSet(r) && r.query === q && r.server === 'hit-share:gms-graph', 'rps');
      // The footnotes are about PostGraphile: without it, no marks.
      const name = `${hasPeer5 ? peerNames[q] : peerNames[q].replace(/[¹²]/g, '')}${variants ? ` (${fmt(variants.rps)} bodies)` : ''}`;
      const ratios = hasPeer5 ? ` | ${fmt(rpsOf(q, 'gms-graph') / rpsOf(q, 'postgraphile5'), 2)} | ${fmt(rpsOf(q, 'engine') / rpsOf(q, 'postgraphile5'), 2)}` : '';
      out.push(`| ${name} | ${present.map(([s]) => fmt(rpsOf(q, s))).join(' | ')}${ratios} | ${present.map(([s]) => (pick(mine(s)).length ? `${fmt(med(mine(s), 'p50'), 2)} / ${fmt(med(mine(s), 'p99'), 2)}` : 'n/a')).join(' | ')} | ${Number.isFinite(hits) ? `${fmt(hits * 100, 1)}%` : 'n/a'} |`);
      if (q.startsWith('vary')) {
        const served = rpsOf(q, 'gms-graph');
        const engine = rpsOf(q, 'engine');
        targets.push([`the response cache costs a miss-heavy load ≤ 5%: served ≥ 0.95× cache off (${backend}, ${dataset}, ${q})`, fmt(served / engine, 2), served / engine >= 0.95]);
      }
    }
    out.push('');
    if (hasPeer5) {
      out.push('¹ PostGraphile 5 without plugins has no `contains`: its Q3 is the MOOC courses by title, first 20 (bench/queries/q3-postgraphile5.graphql). ² PostGraphile has no `_entities` and, over these tables, no lookup by natural key: one aliased `allX(condition: …)` per record (bench/peer-q4.js), the nearest equivalent, not the same operation; on the varying workload its document changes with every request.', '');
    }
  }
  // CPU time per request for Q2, over the same measured loads: the server's process and, on
  // PostgreSQL, the database's.
  const cpu = servers.map(([s, n]) => {
    const server = med((r) => inSet(r) && r.query === 'q2' && r.server === `cpu-us-server:${s}`, 'rps');
    const database = med((r) => inSet(r) && r.query === 'q2' && r.server === `cpu-us-postgres:${s}`, 'rps');
    return { s, n, server, database, total: server + (Number.isFinite(database) ? database : 0) };
  }).filter((c) => Number.isFinite(c.server));
  if (cpu.length) {
    const pg = backend === 'postgres';
    out.push(`| Q2, CPU time per request (µs) | server process |${pg ? ' PostgreSQL | total |' : ''}`, `| --- | ---: |${pg ? ' ---: | ---: |' : ''}`);
    for (const c of cpu) out.push(`| ${c.n} | ${fmt(c.server)} |${pg ? ` ${fmt(c.database)} | ${fmt(c.total)} |` : ''}`);
    out.push('');
    const engine = cpu.find((c) => c.s === 'engine');
    const peer5 = cpu.find((c) => c.s === 'postgraphile5');
    if (engine && peer5) {
      targets.push([`Q2 CPU per request, server + database, cache off ≤ ⅓ PostGraphile 5's (${dataset})`, `${fmt(engine.total)} vs ${fmt(peer5.total)} µs`, engine.total * 3 <= peer5.total]);
      const q2 = med((r) => inSet(r) && r.query === 'q2' && r.server === 'engine', 'rps');
      const q2peer = med((r) => inSet(r) && r.query === 'q2' && r.server === 'postgraphile5', 'rps');
      targets.push([`Q2 req/s, cache off ≥ 3× PostGraphile 5 (${dataset})`, fmt(q2 / q2peer, 2), q2 / q2peer >= 3]);
    }
  }
  const peer5Fixed = fixedRate(inSet, 'postgraphile5');
  if (peer5Fixed) out.push(`PostGraphile 5, Q2 at ${rate} req/s: p50 ${fmt(peer5Fixed.p50, 2)} ms, p99 ${fmt(peer5Fixed.p99, 2)} ms.`, '');
  const peer = med((r) => inSet(r) && r.server === 'postgraphile', 'rps');
  if (Number.isFinite(peer)) {
    const peerFixed = fixedRate(inSet, 'postgraphile');
    out.push('');
    for (const [server, which] of [['gms-graph', ''], ['engine', ', response cache off']]) {
      const q2 = med((r) => inSet(r) && r.query === 'q2' && r.server === server, 'rps');
      const fixed = fixedRate(inSet, server);
      out.push(`Q2 against PostGraphile 4.14${which}: ${fmt(q2)} against ${fmt(peer)} req/s, **${fmt(q2 / peer, 2)}×**; at ${rate} req/s, p50 ${fmt(fixed?.p50, 2)} against ${fmt(peerFixed?.p50, 2)} ms, p99 ${fmt(fixed?.p99, 2)} against ${fmt(peerFixed?.p99, 2)} ms.`, '');
      targets.push([`Q2 on PostgreSQL ≥ 3× PostGraphile 4.14 (${dataset}${which})`, fmt(q2 / peer, 2), q2 / peer >= 3]);
      targets.push([`Q2 p99 below PostGraphile 4.14's at ${rate}/s (${dataset}${which})`, `${fmt(fixed?.p99, 2)} vs ${fmt(peerFixed?.p99, 2)} ms`, fixed?.p99 < peerFixed?.p99]);
    }
  } else {
    out.push('');
    for (const [server, which] of [['gms-graph', ''], ['engine', ', response cache off']]) {
      const fixed = fixedRate(inSet, server);
      out.push(`Q2 at a fixed ${rate} req/s${which}: p50 ${fmt(fixed?.p50, 2)} ms, p99 ${fmt(fixed?.p99, 2)} ms.`, '');
    }
  }
  // Q2 while a writer commits at a steady pace: every commit retires every kept answer.
  const churn = [100, 10].map((pause) => {
    const one = (server) => pick((r) => inSet(r) && r.server === `${server}-${pause}ms`)[0];
    const q2 = one('gms-graph+writes');
    const writes = one('writes');
    const share = one('hit-share');
    return q2 && writes && share
      ? `${fmt(writes.rps)} writes/s: ${fmt(q2.rps)} req/s, p99 ${fmt(q2.p99, 2)} ms, ${fmt(share.rps * 100, 2)}% of lookups answered from kept answers`
      : undefined;
  }).filter(Boolean);
  if (churn.length) out.push(`Q2 as served while a writer commits (${churn.join('; ')}).`, '');
  for (const [server, which] of [['rss_peak_kib', ''], ['rss_peak_kib-engine', ', response cache off']]) {
    const rss = pick((r) => inSet(r) && r.server === server)[0];
    if (rss) {
      out.push(`Peak RSS under load${which}: ${fmt(rss.rps / 1024, 1)} MiB.`, '');
      if (dataset === 'real') targets.push([`RSS under load ≤ 64 MiB (${backend}${which})`, `${fmt(rss.rps / 1024, 1)} MiB`, rss.rps / 1024 <= 64]);
    }
  }
  const rss5 = pick((r) => inSet(r) && r.server === 'rss_peak_kib-postgraphile5')[0];
  if (rss5) out.push(`Peak RSS of PostGraphile 5 under load: ${fmt(rss5.rps / 1024, 1)} MiB.`, '');
  out.push('');
}
const cold = median(pick((r) => r.server === 'cold_start_ms').map((r) => r.rps));
if (Number.isFinite(cold)) {
  out.push(`Cold start, exec to first answer (SQLite, bundled network, median of 5): ${fmt(cold)} ms.`, '');
  targets.push(['cold start ≤ 500 ms', `${fmt(cold)} ms`, cold <= 500]);
}
out.push('### Targets', '', '| target | measured | met |', '| --- | --- | --- |');
for (const [name, value, met] of targets) out.push(`| ${name} | ${value} | ${met ? 'yes' : '**no**'} |`);
console.log(out.join('\n'));
