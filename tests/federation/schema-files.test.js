// The schema files every GraphQL tool loads as they are: schema.graphql (the subgraph schema)
// and docs/client-schema.graphql (the API without federation's machinery), with graphql-js,
// graphql-inspector and relay-compiler.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Source, buildSchema, parse } from 'graphql';
import { validate } from '@graphql-inspector/core';
import { composeServices } from '@apollo/composition';

const root = fileURLToPath(new URL('../../', import.meta.url));
const subgraph = readFileSync(join(root, 'schema.graphql'), 'utf8');
const client = readFileSync(join(root, 'docs/client-schema.graphql'), 'utf8');

test('both schema files load in graphql-js buildSchema, without assumeValidSDL', () => {
  for (const [name, sdl] of [['schema.graphql', subgraph], ['docs/client-schema.graphql', client]]) {
    const schema = buildSchema(sdl);
    assert.equal(schema.getQueryType()?.name, 'Query', name);
    assert.equal(schema.getMutationType()?.name, 'Mutation', name);
    assert.equal(schema.getSubscriptionType()?.name, 'Subscription', name);
    assert.equal(schema.getType('Date').specifiedByURL, 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6', name);
    assert.equal(schema.getType('JSON').specifiedByURL, 'https://www.rfc-editor.org/rfc/rfc8259', name);
  }
  const withFederation = buildSchema(subgraph);
  assert.ok(withFederation.getDirective('key'));
  assert.ok(withFederation.getDirective('shareable'));
  const withoutFederation = buildSchema(client);
  assert.equal(withoutFederation.getDirective('key'), undefined);
  assert.equal(withoutFederation.getQueryType().getFields()._entities, undefined);
});

test('schema.graphql, with its definitions, still composes', () => {
  const result = composeServices([{ name: 'gms-graph', typeDefs: parse(subgraph), url: 'http://127.0.0.1:1/graphql' }]);
  assert.deepEqual(result.errors ?? [], [], (result.errors ?? []).map((e) => e.message).join('\n'));
});

/** The README's operations: each ```graphql block after an `operation` marker. */
function readmeOperations() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const found = [];
  const marker = /<!-- operation: ([\w-]+) -->\s*```graphql\n([\s\S]*?)```/g;
  for (const [, name, body] of readme.matchAll(marker)) found.push(new Source(body, name));
  return found;
}

test("graphql-inspector validates the README's operations against the client schema", () => {
  const operations = readmeOperations();
  assert.equal(operations.length, 6);
  const invalid = validate(buildSchema(client), operations);
  assert.deepEqual(
    invalid.map((doc) => [doc.source.name, doc.errors.map((e) => e.message)]),
    [],
  );
  // The same check finds a mistake: it is not vacuous.
  const broken = validate(buildSchema(client), [new Source('query Broken { hubs { nodes { nosuchfield } } }', 'broken')]);
  assert.equal(broken.length, 1);
  assert.match(broken[0].errors[0].message, /nosuchfield/);
});

test('relay-compiler compiles fragments with @connection and @refetchable against the client schema', () => {
  const work = mkdtempSync(join(tmpdir(), 'gms-relay-'));
  try {
    cpSync(new URL('./relay/', import.meta.url), join(work, 'src'), { recursive: true });
    mkdirSync(join(work, 'src/__generated__'));
    writeFileSync(join(work, 'relay.config.json'), JSON.stringify({
      src: './src',
      schema: join(root, 'docs/client-schema.graphql'),
      language: 'javascript',
      artifactDirectory: './src/__generated__',
    }));
    const compiler = fileURLToPath(new URL('./node_modules/relay-compiler/cli.js', import.meta.url));
    const run = spawnSync(process.execPath, [compiler], { cwd: work, encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const generated = join(work, 'src/__generated__');
    const files = readdirSync(generated).sort();
    for (const artifact of ['HubListPaginationQuery.graphql.js', 'HubCardRefetchQuery.graphql.js',
      'RegionTrustsPaginationQuery.graphql.js', 'HubList_query.graphql.js']) {
      assert.ok(files.includes(artifact), `${artifact} in ${files}`);
    }
    // The pagination query refetches through the connection's own arguments; the record's
    // refetch goes through `node(id:)`.
    assert.match(readFileSync(join(generated, 'HubListPaginationQuery.graphql.js'), 'utf8'), /"connection"/);
    assert.match(readFileSync(join(generated, 'HubCardRefetchQuery.graphql.js'), 'utf8'), /node\(id: \$id\)/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
