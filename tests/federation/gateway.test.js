// End to end: gms-graph and the test-directory subgraph behind Apollo Gateway, all on loopback.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { startTestDirectory } from './directory-subgraph.js';
import { startGmsGraph } from './gms-graph.js';

let gms;
let directory;
let gateway;
let gatewayUrl;

async function query(q) {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: q }),
  });
  const body = await response.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors, null, 2));
  return body.data;
}

before(async () => {
  gms = await startGmsGraph();
  directory = await startTestDirectory();
  const server = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: new IntrospectAndCompose({
        subgraphs: [
          { name: 'gms-graph', url: gms.url },
          { name: 'test-directory', url: directory.url },
        ],
      }),
    }),
  });
  ({ url: gatewayUrl } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } }));
  gateway = server;
});

after(async () => {
  await gateway?.stop();
  await directory?.stop();
  await gms?.stop();
});

test('from our hubs into the other subgraph', async () => {
  const data = await query(`{
    hubs(first: 3) {
      nodes { id name clinicalIndications { code } leadTrust { odsCode notes } }
    }
  }`);
  assert.deepEqual(data.hubs.nodes, [
    {
      id: 'Hub:central-and-south',
      name: 'Central and South Genomic Laboratory Hub',
      clinicalIndications: [],
      leadTrust: { odsCode: 'RQ3', notes: ['Central and South lead trust'] },
    },
    {
      id: 'Hub:east',
      name: 'East Genomic Laboratory Hub',
      clinicalIndications: [],
      leadTrust: { odsCode: 'RGT', notes: [] },
    },
    {
      id: 'Hub:north-east-and-yorkshire',
      name: 'North East and Yorkshire Genomic Laboratory Hub',
      clinicalIndications: [],
      leadTrust: { odsCode: 'RTD', notes: [] },
    },
  ]);

  const northWest = await query(`{
    hub(id: "Hub:north-west") {
      name
      clinicalIndications { code name region { name } }
      leadTrust { name notes region { code } }
    }
  }`);
  assert.deepEqual(northWest.hub, {
    name: 'North West Genomic Laboratory Hub',
    clinicalIndications: [{ code: 'R210', name: 'Inherited MMR deficiency (Lynch syndrome)', region: { name: 'North West' } }],
    leadTrust: {
      name: 'Manchester University NHS Foundation Trust',
      notes: ['North West lead trust', 'Sponsor of the PROGRESS study'],
      region: { code: 'E40000010' },
    },
  });
});

test('from the other subgraph into our Hub, Trust and Region', async () => {
  const data = await query(`{
    clinicalIndications {
      code
      testingHub { id name leadTrust { odsCode name } alliance { slug } }
      region { code name hubs { totalCount nodes { slug } } }
    }
    notedTrusts { odsCode name notes region { name } ledHubs { nodes { slug } } }
  }`);
  assert.deepEqual(data.clinicalIndications, [
    {
      code: 'R14',
      testingHub: {
        id: 'Hub:north-thames',
        name: 'North Thames Genomic Laboratory Hub',
        leadTrust: { odsCode: 'RP4', name: 'Great Ormond Street Hospital for Children NHS Foundation Trust' },
        alliance: { slug: 'north-thames' },
      },
      region: { code: 'E40000003', name: 'London', hubs: { totalCount: 2, nodes: [{ slug: 'north-thames' }, { slug: 'south-east' }] } },
    },
    {
      code: 'R210',
      testingHub: {
        id: 'Hub:north-west',
        name: 'North West Genomic Laboratory Hub',
        leadTrust: { odsCode: 'R0A', name: 'Manchester University NHS Foundation Trust' },
        alliance: { slug: 'north-west' },
      },
      // The North East and Yorkshire hub's reach into the North West ("Cumbria") is unconfirmed,
      // so only the North West hub covers the region.
      region: { code: 'E40000010', name: 'North West', hubs: { totalCount: 1, nodes: [{ slug: 'north-west' }] } },
    },
  ]);
  assert.deepEqual(data.notedTrusts, [
    {
      odsCode: 'RQ3',
      name: "Birmingham Women's and Children's NHS Foundation Trust",
      notes: ['Central and South lead trust'],
      region: { name: 'Midlands' },
      ledHubs: { nodes: [{ slug: 'central-and-south' }] },
    },
    {
      odsCode: 'R0A',
      name: 'Manchester University NHS Foundation Trust',
      notes: ['North West lead trust', 'Sponsor of the PROGRESS study'],
      region: { name: 'North West' },
      ledHubs: { nodes: [{ slug: 'north-west' }] },
    },
  ]);
});

test("the gateway's answer carries our cache hints: the smallest max-age, public without a token", async () => {
  const post = (q) => fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: q }),
  });
  // Only our subgraph: our 60 s, through the gateway.
  const ours = await post('{ hubs(first: 2) { nodes { id name } } }');
  assert.equal(ours.status, 200);
  assert.equal(ours.headers.get('cache-control'), 'max-age=60, public');
  // Across both: the other subgraph gives no hint, so the gateway keeps the whole answer for
  // the smallest of the two, none.
  const crossing = await post('{ clinicalIndications { code testingHub { name } } }');
  assert.equal(crossing.status, 200);
  assert.equal(crossing.headers.get('cache-control'), 'no-store');
});
