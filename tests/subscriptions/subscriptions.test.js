// Live changes with the graphql-ws client: one gms-graph on SQLite, and two gms-graphs on one
// PostgreSQL database, where a change made through one reaches subscribers of the other.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const binary = process.env.GMS_GRAPH_BIN ?? join(repo, 'target', 'debug', 'gms-graph');
const postgresUrl = process.env.GMS_TEST_POSTGRES_URL;
const cleanups = [];

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function gmsGraph(args, databaseUrl) {
  return execFileSync(binary, [...args, '--database-url', databaseUrl], { encoding: 'utf8', env: { ...process.env, RUST_LOG: 'warn' } });
}

/** Starts `gms-graph serve` on a free loopback port; resolves to its http URL. */
function serve(databaseUrl, extraArgs = []) {
  assert.ok(existsSync(binary), `no gms-graph binary at ${binary}: run cargo build, or set GMS_GRAPH_BIN`);
  const child = spawn(binary, ['serve', '--bind', '127.0.0.1:0', '--database-url', databaseUrl, ...extraArgs], {
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

async function post(host, token, query, variables = {}) {
  const response = await fetch(`http://${host}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

/** Subscribes; returns { next(): Promise<event>, close() }. */
function subscribe(host, query, token) {
  const client = createClient({
    url: `ws://${host}/graphql/ws`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });
  cleanups.push(() => client.dispose());
  const queue = [];
  const waiting = [];
  let failed;
  client.subscribe({ query }, {
    next: (value) => (waiting.length ? waiting.shift().resolve(value) : queue.push(value)),
    error: (err) => {
      // A refused connection ends in a close event (code and reason), not an Error.
      failed = err instanceof Error ? err : new Error(`closed ${err?.code ?? ''} ${err?.reason ?? JSON.stringify(err)}`);
      for (const w of waiting.splice(0)) w.reject(failed);
    },
    complete: () => {},
  });
  return {
    next(ms = 10_000) {
      if (queue.length) return Promise.resolve(queue.shift());
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        const waiter = { resolve: (v) => { clearTimeout(timer); resolve(v); }, reject: (e) => { clearTimeout(timer); reject(e); } };
        // A waiter that timed out leaves the line, so that no event is handed to it.
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(waiter), 1);
          reject(new Error(`no event within ${ms} ms`));
        }, ms);
        waiting.push(waiter);
      });
    },
    pending: () => queue.length,
  };
}

const SUBSCRIPTION = `subscription {
  entityChanged(types: [TRAINING_COURSE]) { action entityType entityId version node { ... on TrainingCourse { title } } }
}`;
const CREATE = `mutation($input: CreateTrainingCourseInput!) { createTrainingCourse(input: $input) { id version } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $title: String!) { updateTrainingCourse(id: $id, expectedVersion: $v, input: { title: $title }) { version } }`;
const CREATE_PROJECT = `mutation { createTransformationProject(input: { slug: "ws-project", title: "Not a course", summary: "x", theme: OTHER, status: PLANNED }) { id } }`;

/**
 * Until the subscription is live, a change can slip past it; so create courses, a bounded number
 * of times, until one is heard. Returns the slug heard.
 */
async function firstHeard(writer, token, subscription) {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const slug = `ws-course-${attempt}`;
    await post(writer, token, CREATE, { input: { slug, title: `Course ${attempt}`, provider: 'Test', format: 'WEBINAR' } });
    try {
      const event = await subscription.next(500);
      return event.data.entityChanged;
    } catch {
      // not live yet
    }
  }
  throw new Error('the subscription never heard a change');
}

async function checkLiveChanges(writer, reader, token, readerToken) {
  const subscription = subscribe(reader, SUBSCRIPTION, readerToken);
  const first = await firstHeard(writer, token, subscription);
  assert.equal(first.action, 'CREATE');
  assert.equal(first.entityType, 'TrainingCourse');
  assert.match(first.entityId, /^TrainingCourse:ws-course-\d+$/);
  assert.equal(first.version, 1);
  assert.match(first.node.title, /^Course \d+$/);

  // Now live: a project change is filtered out, the next course change arrives, exactly.
  await post(writer, token, CREATE_PROJECT);
  const updated = await post(writer, token, UPDATE, { id: first.entityId, v: 1, title: 'Renamed live' });
  assert.equal(updated.updateTrainingCourse.version, 2);
  const second = (await subscription.next()).data.entityChanged;
  assert.deepEqual(second, { action: 'UPDATE', entityType: 'TrainingCourse', entityId: first.entityId, version: 2, node: { title: 'Renamed live' } });
  assert.equal(subscription.pending(), 0, 'nothing else was heard');
}

test('a subscriber hears changes after they commit (SQLite, in-process)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gms-ws-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const url = `sqlite://${join(dir, 'gms.db')}?mode=rwc`;
  const token = gmsGraph(['token', 'create', '--name', 'ws-test', '--role', 'editor'], url).trim().split('\n').pop();
  const host = await serve(url);
  await checkLiveChanges(host, host, token);
});

test('with --require-auth, a subscriber needs a valid token in connection_init', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gms-ws-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const url = `sqlite://${join(dir, 'gms.db')}?mode=rwc`;
  const editor = gmsGraph(['token', 'create', '--name', 'ws-editor', '--role', 'editor'], url).trim().split('\n').pop();
  const viewer = gmsGraph(['token', 'create', '--name', 'ws-viewer', '--role', 'viewer'], url).trim().split('\n').pop();
  const host = await serve(url, ['--require-auth']);
  for (const [who, token] of [['no token', undefined], ['a made-up token', 'gms_not-a-token']]) {
    const refused = subscribe(host, SUBSCRIPTION, token);
    await assert.rejects(refused.next(5_000), (err) => {
      // async-graphql closes a refused connection_init with 1002 and the reason.
      assert.match(err.message, /^closed \d+ .*token/, `${who}: the connection is refused, saying why`);
      return true;
    });
  }
  await checkLiveChanges(host, host, editor, viewer);
});

/** The errors of the first answer to `query` over graphql-ws, whether sent as `next` or `error`. */
function firstErrors(host, query) {
  const client = createClient({ url: `ws://${host}/graphql/ws`, webSocketImpl: WebSocket, retryAttempts: 0 });
  cleanups.push(() => client.dispose());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer within 10 s')), 10_000);
    const done = (errors) => { clearTimeout(timer); resolve(errors); };
    client.subscribe({ query }, {
      next: (value) => done(value.errors ?? []),
      error: (err) => done(Array.isArray(err) ? err : [{ message: String(err?.reason ?? err) }]),
      complete: () => done([]),
    });
  });
}

test('the limits and error codes hold on WebSocket as on HTTP', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gms-ws-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const host = await serve(`sqlite://${join(dir, 'gms.db')}?mode=rwc`, ['--max-aliases', '3']);
  const aliased = `subscription { a: entityChanged { action } b: entityChanged { action } c: entityChanged { action } d: entityChanged { action } }`;
  const cases = [
    [aliased, 'TOO_MANY_ALIASES'],
    ['subscription { entityChanged {', 'GRAPHQL_PARSE_FAILED'],
    ['subscription { entityChanged { nonsense } }', 'GRAPHQL_VALIDATION_FAILED'],
  ];
  for (const [query, code] of cases) {
    const errors = await firstErrors(host, query);
    assert.ok(errors.length > 0, `${code}: refused`);
    assert.equal(errors[0].extensions?.code, code, JSON.stringify(errors));
  }
});

test('a change through one instance reaches subscribers of another (PostgreSQL LISTEN/NOTIFY)', async () => {
  assert.ok(postgresUrl, 'GMS_TEST_POSTGRES_URL must name an empty PostgreSQL database (.ci/run creates one)');
  const token = gmsGraph(['token', 'create', '--name', 'ws-test', '--role', 'editor'], postgresUrl).trim().split('\n').pop();
  const [first, second] = await Promise.all([serve(postgresUrl), serve(postgresUrl)]);
  assert.notEqual(first, second);
  await checkLiveChanges(first, second, token);
});

/** A raw graphql-transport-ws socket: send messages, await the next of a type, and the close. */
async function rawSocket(host, token) {
  const socket = new WebSocket(`ws://${host}/graphql/ws`, 'graphql-transport-ws');
  cleanups.push(() => socket.terminate());
  const messages = [];
  const waiting = [];
  let closed;
  const closedAt = new Promise((resolve) => socket.on('close', (code, reason) => {
    closed = { code, reason: String(reason), at: Date.now() };
    resolve(closed);
    for (const w of waiting.splice(0)) w(null);
  }));
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    const at = waiting.findIndex((w) => w.accepts(message));
    if (at >= 0) waiting.splice(at, 1)[0](message);
    else messages.push(message);
  });
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  const send = (message) => socket.send(JSON.stringify(message));
  const next = (accepts, ms = 5_000) => {
    const found = messages.findIndex(accepts);
    if (found >= 0) return Promise.resolve(messages.splice(found, 1)[0]);
    if (closed) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
      const waiter = (m) => { clearTimeout(timer); resolve(m); };
      waiter.accepts = accepts;
      waiting.push(waiter);
    });
  };
  send({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } });
  assert.equal((await next((m) => m.type === 'connection_ack')).type, 'connection_ack');
  return { send, next, closedAt };
}

test('a revoked token stops working on an open socket: no more operations, closed with 4403 within a second', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gms-ws-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const url = `sqlite://${join(dir, 'gms.db')}?mode=rwc`;
  const token = gmsGraph(['token', 'create', '--name', 'ws-revoked', '--role', 'editor'], url).trim().split('\n').pop();
  const id = gmsGraph(['token', 'list'], url).split('\n').find((line) => line.includes('ws-revoked')).split('\t')[0].trim();
  const host = await serve(url);
  const socket = await rawSocket(host, token);
  const create = (n) => ({ query: CREATE, variables: { input: { slug: `ws-revoked-${n}`, title: `Course ${n}`, provider: 'Test', format: 'WEBINAR' } } });

  // Live: a subscription and a mutation on the socket.
  socket.send({ id: 'sub', type: 'subscribe', payload: { query: SUBSCRIPTION } });
  socket.send({ id: 'm1', type: 'subscribe', payload: create(1) });
  const written = await socket.next((m) => m.id === 'm1' && m.type === 'next');
  assert.equal(written.payload.errors, undefined, JSON.stringify(written.payload));

  gmsGraph(['token', 'revoke', id], url);
  const revokedAt = Date.now();
  // At once, before the socket is closed: a mutation is refused and writes nothing.
  socket.send({ id: 'm2', type: 'subscribe', payload: create(2) });
  const refused = await socket.next((m) => m.id === 'm2');
  const closed = await socket.closedAt;
  // Two outcomes are right, and only two: the refusal arrives, or the revocation watch closed the
  // socket first and no answer came. Never a result.
  if (refused === null) {
    assert.equal(closed.code, 4403, 'the socket closed before answering m2, and for the revocation');
  } else {
    // async-graphql sends a refusal as `next` with errors, or as `error` with the list.
    const errors = refused.type === 'error' ? refused.payload : refused.payload.errors;
    assert.ok(['next', 'error'].includes(refused.type), JSON.stringify(refused));
    assert.equal(refused.payload.data ?? null, null, `m2 ran: ${JSON.stringify(refused)}`);
    assert.equal(errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', JSON.stringify(refused));
  }
  assert.equal(closed.code, 4403, `closed with ${closed.code} ${closed.reason}`);
  assert.match(closed.reason, /revoked/);
  assert.ok(closed.at - revokedAt < 1_500, `closed ${closed.at - revokedAt} ms after the revocation`);

  const anonymous = await (await fetch(`http://${host}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ trainingCourses(filter: {slug: {startsWith: "ws-revoked-"}}) { nodes { slug } } }' }),
  })).json();
  assert.deepEqual(anonymous.data.trainingCourses.nodes.map((n) => n.slug), ['ws-revoked-1'], 'the refused mutation wrote nothing');
});

test('the network\'s newer kinds are heard too: a timeline event created, a Network of Excellence confirmed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gms-ws-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const url = `sqlite://${join(dir, 'gms.db')}?mode=rwc`;
  const token = gmsGraph(['token', 'create', '--name', 'ws-network', '--role', 'editor'], url).trim().split('\n').pop();
  const host = await serve(url);
  const subscription = subscribe(host, `subscription {
    entityChanged(types: [TIMELINE_EVENT, NETWORK_OF_EXCELLENCE]) {
      action entityId version
      node { ... on TimelineEvent { event concerns { id } } ... on NetworkOfExcellence { leadConfidence } }
    }
  }`);
  const createEvent = `mutation($input: CreateTimelineEventInput!) { createTimelineEvent(input: $input) { id } }`;
  let heard;
  for (let attempt = 0; attempt < 20 && !heard; attempt += 1) {
    await post(host, token, createEvent, { input: { slug: `ws-event-${attempt}`, event: `Event ${attempt}`, confidence: 'STATED', concerns: ['Hub:east'] } });
    try {
      heard = (await subscription.next(500)).data.entityChanged;
    } catch {
      // not live yet
    }
  }
  assert.ok(heard, 'the subscription never heard a change');
  assert.equal(heard.action, 'CREATE');
  assert.match(heard.entityId, /^TimelineEvent:ws-event-\d+$/);
  assert.deepEqual(heard.node.concerns, [{ id: 'Hub:east' }]);

  const update = `mutation { updateNetworkOfExcellence(id: "NetworkOfExcellence:prenatal", expectedVersion: 1, input: { leadConfidence: STATED, lead: "A lead" }) { version } }`;
  assert.equal((await post(host, token, update)).updateNetworkOfExcellence.version, 2);
  const confirmed = (await subscription.next()).data.entityChanged;
  assert.deepEqual(confirmed, { action: 'UPDATE', entityId: 'NetworkOfExcellence:prenatal', version: 2, node: { leadConfidence: 'STATED' } });
});
