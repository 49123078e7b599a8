// Apollo's inline trace (ftv1): what a router that reports field usage asks a subgraph for with
// `apollo-federation-include-trace: ftv1`. Decoded here with Apollo's own decoder, from gms-graph
// directly and as Apollo Gateway passes it on in its usage report (to a report receiver on
// loopback).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginUsageReporting } from '@apollo/server/plugin/usageReporting';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { Report, Trace } from '@apollo/usage-reporting-protobuf';
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { startGmsGraph } from './gms-graph.js';

let gms;

before(async () => {
  gms = await startGmsGraph();
});

after(async () => {
  await gms?.stop();
});

async function post(query, headers = {}) {
  const response = await fetch(gms.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  assert.equal(response.status, 200);
  return response.json();
}

const traced = (query) => post(query, { 'apollo-federation-include-trace': 'ftv1' });

/** The child of `node` whose response name is `name`. */
function field(node, name) {
  const found = (node.child ?? []).find((child) => child.responseName === name);
  assert.ok(found, `no child "${name}" among ${JSON.stringify((node.child ?? []).map((c) => c.responseName ?? c.index))}`);
  return found;
}

/** The children of `node` that stand for a list's items, by index. */
function items(node) {
  return (node.child ?? []).filter((child) => Object.hasOwn(child, 'index'));
}

function nanos(timestamp) {
  return BigInt(timestamp.seconds) * 1_000_000_000n + BigInt(timestamp.nanos ?? 0);
}

const schema = buildSchema(readFileSync(new URL('../../docs/client-schema.graphql', import.meta.url), 'utf8'));

/** Checks every field's node under `node` against the schema, and its times against its
 * parent's; returns how many there were. */
function checkTree(node, durationNs, parent = { startTime: 0, endTime: durationNs }) {
  let fields = 0;
  for (const child of node.child ?? []) {
    if (Object.hasOwn(child, 'index')) {
      // A list's item is a node, not a field: no type, no times of its own.
      assert.equal(child.parentType, '', `item ${child.index} has no parent type`);
      assert.equal(child.type, '', `item ${child.index} has no type`);
      assert.equal(child.originalFieldName, '', `item ${child.index} has no field name`);
      fields += checkTree(child, durationNs, parent);
      continue;
    }
    const name = child.originalFieldName || child.responseName;
    const definition = schema.getType(child.parentType)?.getFields()[name];
    assert.ok(definition, `${child.parentType}.${name} is in the schema`);
    assert.equal(child.type, definition.type.toString(), `${child.parentType}.${name}'s type`);
    assert.ok(parent.startTime <= child.startTime && child.startTime <= child.endTime && child.endTime <= parent.endTime,
      `${child.parentType}.${name} resolves within its parent`);
    fields += 1 + checkTree(child, durationNs, child);
  }
  return fields;
}

/** Checks a field's node: its types, and times within the trace. */
function checkField(node, { parentType, type, durationNs }) {
  assert.equal(node.parentType, parentType, `${node.responseName}'s parent type`);
  assert.equal(node.type, type, `${node.responseName}'s type`);
  assert.ok(node.startTime <= node.endTime, `${node.responseName} ends after it starts`);
  assert.ok(node.endTime <= durationNs, `${node.responseName} ends within the trace`);
}

const QUERY = `query Traced {
  hubs(first: 2) {
    totalCount
    nodes { slug title: name leadTrust { odsCode } }
  }
}`;

test('asked for, the answer carries a trace of every field resolved, under its list items', async () => {
  const before = Date.now();
  const body = await traced(QUERY);
  const after = Date.now();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  assert.equal(typeof body.extensions?.ftv1, 'string');
  const trace = Trace.decode(Buffer.from(body.extensions.ftv1, 'base64'));

  const start = nanos(trace.startTime);
  const end = nanos(trace.endTime);
  assert.ok(start >= BigInt(before - 1000) * 1_000_000n && end <= BigInt(after + 1000) * 1_000_000n,
    'the trace began and ended while the request was answered');
  assert.ok(end >= start);
  assert.ok(trace.durationNs > 0);
  const durationNs = trace.durationNs;

  const hubs = field(trace.root, 'hubs');
  checkField(hubs, { parentType: 'Query', type: 'HubConnection!', durationNs });
  checkField(field(hubs, 'totalCount'), { parentType: 'HubConnection', type: 'Int!', durationNs });
  const nodes = field(hubs, 'nodes');
  checkField(nodes, { parentType: 'HubConnection', type: '[Hub!]!', durationNs });
  const listed = items(nodes);
  assert.deepEqual(listed.map((item) => item.index), [0, 1]);
  const slugs = [];
  for (const item of listed) {
    const slug = field(item, 'slug');
    checkField(slug, { parentType: 'Hub', type: 'String!', durationNs });
    slugs.push(slug);
    // An alias is the response name; the schema's name is kept beside it.
    const title = field(item, 'title');
    checkField(title, { parentType: 'Hub', type: 'String!', durationNs });
    assert.equal(title.originalFieldName, 'name');
    assert.equal(slug.originalFieldName, '', 'a field without an alias has no original name');
    const leadTrust = field(item, 'leadTrust');
    checkField(leadTrust, { parentType: 'Hub', type: 'Trust!', durationNs });
    checkField(field(leadTrust, 'odsCode'), { parentType: 'Trust', type: 'String!', durationNs });
    // A field resolves within its parent.
    assert.ok(leadTrust.startTime >= hubs.startTime && leadTrust.endTime <= hubs.endTime);
  }
  assert.equal(slugs.length, body.data.hubs.nodes.length);
  // Every field: hubs, totalCount, nodes, and four for each of the two hubs.
  assert.equal(checkTree(trace.root, durationNs), 3 + 2 * 4);

  // The same answer as without the trace.
  const plain = await post(QUERY);
  assert.deepEqual(plain.data, body.data);
});

test("a router's entity fetch: the fields of _entities, each one node for all representations", async () => {
  const response = await fetch(gms.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-federation-include-trace': 'ftv1' },
    body: JSON.stringify({
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Hub { name leadTrust { odsCode } } } }',
      variables: { r: [{ __typename: 'Hub', id: 'Hub:east' }, { __typename: 'Hub', id: 'Hub:north-west' }] },
    }),
  });
  const body = await response.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  assert.equal(body.data._entities.length, 2);
  const trace = Trace.decode(Buffer.from(body.extensions.ftv1, 'base64'));
  const entities = field(trace.root, '_entities');
  checkField(entities, { parentType: 'Query', type: '[_Entity]!', durationNs: trace.durationNs });
  assert.deepEqual(entities.child.map((child) => child.responseName).sort(), ['leadTrust', 'name']);
  checkField(field(entities, 'name'), { parentType: 'Hub', type: 'String!', durationNs: trace.durationNs });
  checkField(field(field(entities, 'leadTrust'), 'odsCode'), { parentType: 'Trust', type: 'String!', durationNs: trace.durationNs });
});

test('not asked for (or asked for another format), the answer has no trace', async () => {
  const plain = await post(QUERY);
  assert.equal(plain.extensions?.ftv1, undefined);
  const other = await post(QUERY, { 'apollo-federation-include-trace': 'ftv2' });
  assert.equal(other.extensions?.ftv1, undefined);
});

test('an answer kept by the response cache is not given a trace, nor is a traced answer kept', async () => {
  const query = '{ regions(first: 3) { nodes { code } } }';
  const first = await post(query);
  // Kept from its second request, served from the third.
  assert.deepEqual(await post(query), first);
  const kept = await post(query);
  assert.deepEqual(kept, first);
  assert.equal(kept.extensions?.ftv1, undefined);
  const withTrace = await traced(query);
  assert.deepEqual(withTrace.data, first.data);
  const regions = field(Trace.decode(Buffer.from(withTrace.extensions.ftv1, 'base64')).root, 'regions');
  assert.equal(regions.type, 'RegionConnection!');
  const after = await post(query);
  assert.equal(after.extensions?.ftv1, undefined);
});

test("an error is in the trace at the field it belongs to, with its code", async () => {
  const body = await traced('{ good: hubs(first: 1) { totalCount } bad: hubs(first: -1) { totalCount } }');
  assert.equal(body.errors?.length, 1, JSON.stringify(body));
  const [error] = body.errors;
  assert.deepEqual(error.path, ['bad']);
  const trace = Trace.decode(Buffer.from(body.extensions.ftv1, 'base64'));
  const bad = field(trace.root, 'bad');
  assert.equal(bad.originalFieldName, 'hubs');
  assert.equal(bad.error.length, 1);
  assert.equal(bad.error[0].message, error.message);
  assert.deepEqual(JSON.parse(bad.error[0].json).extensions, error.extensions);
  assert.deepEqual(bad.error[0].location.map(({ line, column }) => ({ line, column })), error.locations);
  assert.equal(field(trace.root, 'good').error.length, 0);
});

const quiet = { debug() {}, info() {}, warn() {}, error: console.error };

test("through Apollo Gateway: the gateway's usage report holds our trace under its fetch", async () => {
  const reports = [];
  const receiver = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      reports.push(Report.decode(gunzipSync(Buffer.concat(chunks))));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const endpointUrl = `http://127.0.0.1:${receiver.address().port}`;
  const server = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: new IntrospectAndCompose({ subgraphs: [{ name: 'gms-graph', url: gms.url }] }),
      // It says that a local configuration overrides managed federation: that is meant.
      logger: quiet,
    }),
    // The report goes to the receiver above, never to Apollo: the key and graph are made up.
    apollo: { key: 'service:gms-graph-test:not-a-key', graphRef: 'gms-graph-test@current' },
    plugins: [
      ApolloServerPluginUsageReporting({
        endpointUrl,
        sendReportsImmediately: true,
        fieldLevelInstrumentation: 1,
        experimental_sendOperationAsTrace: () => true,
        logger: quiet,
      }),
    ],
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = await response.json();
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.equal(body.extensions?.ftv1, undefined, 'the gateway does not pass the trace on to its client');

    for (let waited = 0; reports.length === 0 && waited < 100; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(reports.length > 0, 'the gateway sent a usage report');
    const traces = reports.flatMap((report) =>
      Object.values(report.tracesPerQuery).flatMap((entry) => entry.trace ?? []));
    assert.equal(traces.length, 1, 'the one operation is reported as a trace');
    const { fetch: fetchNode } = traces[0].queryPlan;
    assert.equal(fetchNode.serviceName, 'gms-graph');
    assert.equal(fetchNode.traceParsingFailed, false);
    const hubs = field(fetchNode.trace.root, 'hubs');
    assert.equal(hubs.parentType, 'Query');
    const listed = items(field(hubs, 'nodes'));
    assert.equal(listed.length, 2);
    assert.equal(field(listed[1], 'title').originalFieldName, 'name');
  } finally {
    await server.stop();
    await new Promise((resolve) => receiver.close(resolve));
  }
});
