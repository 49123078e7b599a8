// Request bodies for the cache-miss workloads: the same query shape with variables that vary per
// request, one JSON body a line, for bench/vary.lua to send in turn. Deterministic: the same
// data and seed give the same files, for gms-graph and PostGraphile 5 alike.
//
//   node bench/vary-bodies.js GMS_GRAPHQL_URL OUT_DIR [COURSE_VARIANTS [ENTITY_VARIANTS [SEED]]]
//
// Writes to OUT_DIR:
// - vary-course.jsonl, vary-course-postgraphile5.jsonl: a page of courses by provider, format and
//   `first` (bench/queries/vary-course*.graphql), over every (provider, format) pair the data holds
//   (read from gms-graph, so the same on SQLite and PostgreSQL) and every `first` from 1 to 500
//   (gms-graph's largest page), in a seeded shuffle, at most COURSE_VARIANTS (60,000) of them.
// - vary-entities.jsonl, vary-entities-postgraphile5.jsonl: `_entities` with a different subset
//   of q4.json's 100 representations each time (10 to 50 of them, in a random order),
//   ENTITY_VARIANTS (20,000) distinct subsets; PostGraphile 5's as bench/peer-q4.js builds Q4's.
const fs = require('fs');
const path = require('path');
const peerQ4 = require('./peer-q4.js');

const [url, out, courseVariants = '60000', entityVariants = '20000', seed = '20'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node bench/vary-bodies.js GMS_GRAPHQL_URL OUT_DIR [COURSE_VARIANTS [ENTITY_VARIANTS [SEED]]]');
  process.exit(2);
}
const query = (name) => fs.readFileSync(path.join(__dirname, 'queries', name), 'utf8').trim();

// mulberry32: a small seeded generator, so that every run sends the same sequence.
function rng(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(Number(seed));
const shuffle = (xs) => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
};

async function post(body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await res.json();
  if (answer.errors) throw new Error(JSON.stringify(answer.errors).slice(0, 300));
  return answer.data;
}

// Every (provider, format) pair among the courses, a page of 500 at a time.
async function pairs() {
  const seen = new Map();
  let after = null;
  for (;;) {
    const data = await post({
      query: 'query($after: String) { trainingCourses(first: 500, after: $after) { pageInfo { hasNextPage endCursor } nodes { provider format } } }',
      variables: { after },
    });
    for (const { provider, format } of data.trainingCourses.nodes) {
      if (provider != null && format != null) seen.set(JSON.stringify([provider, format]), { provider, format });
    }
    if (!data.trainingCourses.pageInfo.hasNextPage) break;
    after = data.trainingCourses.pageInfo.endCursor;
  }
  // Sorted before the shuffle, so that the order the server returned them in does not matter.
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

function write(name, bodies) {
  fs.writeFileSync(path.join(out, name), bodies.map((b) => JSON.stringify(b)).join('\n') + '\n');
}

(async () => {
  fs.mkdirSync(out, { recursive: true });
  const found = await pairs();
  const variants = [];
  for (const pair of found) for (let first = 1; first <= 500; first++) variants.push({ ...pair, first });
  const courses = shuffle(variants).slice(0, Number(courseVariants));
  const gmsCourse = query('vary-course.graphql');
  const peerCourse = query('vary-course-postgraphile5.graphql');
  write('vary-course.jsonl', courses.map((variables) => ({ query: gmsCourse, variables })));
  write('vary-course-postgraphile5.jsonl', courses.map((variables) => ({ query: peerCourse, variables })));

  const q4 = JSON.parse(fs.readFileSync(path.join(__dirname, 'queries/q4.json'), 'utf8'));
  const pool = q4.variables.r;
  const subsets = new Map();
  for (let tries = 0; subsets.size < Number(entityVariants) && tries < 10 * Number(entityVariants); tries++) {
    const size = 10 + Math.floor(random() * 41);
    const subset = shuffle([...pool]).slice(0, size);
    subsets.set(JSON.stringify(subset), subset);
  }
  const entities = [...subsets.values()];
  write('vary-entities.jsonl', entities.map((r) => ({ query: q4.query, variables: { r } })));
  write('vary-entities-postgraphile5.jsonl', entities.map((r) => peerQ4.body(r)));
  console.error(`vary-bodies: ${found.length} (provider, format) pairs, ${courses.length} course pages, ${entities.length} _entities subsets`);
})().catch((e) => {
  console.error(`vary-bodies: ${e.message}`);
  process.exit(1);
});
