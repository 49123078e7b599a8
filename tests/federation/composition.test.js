// schema.graphql composes with another subgraph that extends our entities.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import { typeDefs as testDirectory } from './directory-subgraph.js';

const ours = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');

test('schema.graphql composes with a subgraph extending Hub, Trust and Region', () => {
  const result = composeServices([
    { name: 'gms-graph', typeDefs: parse(ours), url: 'http://127.0.0.1:1/graphql' },
    { name: 'test-directory', typeDefs: testDirectory, url: 'http://127.0.0.1:2/graphql' },
  ]);
  assert.deepEqual(result.errors ?? [], [], (result.errors ?? []).map((e) => e.message).join('\n'));
  const supergraph = result.supergraphSdl;
  assert.match(supergraph, /type Hub\b[^{]*@join__type\(graph: GMS_GRAPH, key: "id"\)/);
  assert.match(supergraph, /type Trust\b[^{]*@join__type\(graph: TEST_DIRECTORY, key: "odsCode"\)/);
  assert.match(supergraph, /clinicalIndications: \[ClinicalIndication!\]! @join__field\(graph: TEST_DIRECTORY\)/);
  assert.match(supergraph, /leadTrust: Trust! @join__field\(graph: GMS_GRAPH\)/);
});

test('schema.graphql composes on its own', () => {
  const result = composeServices([{ name: 'gms-graph', typeDefs: parse(ours), url: 'http://127.0.0.1:1/graphql' }]);
  assert.deepEqual(result.errors ?? [], [], (result.errors ?? []).map((e) => e.message).join('\n'));
});
