// Cost and authorization in the SDL, as a production router reads them from the supergraph.
//
// - Apollo's composition takes `@listSize` and `@cost` into the supergraph (cost/v0.1), and, with
//   --federation-auth, `@requiresScopes` and `@authenticated` (for: SECURITY).
// - Apollo Router's static cost estimate, computed here from the composed supergraph by the
//   router's algorithm (its demand control's scoring of an operation: objects 1, leaves 0, lists
//   times their @listSize, input objects 1, mutations 10 more), is the cost gms-graph reports
//   when it refuses an operation over --max-cost: the same figure, for the README's operations
//   and more. (The router scores the operations its query plan sends, in which a field selected
//   twice is merged; these select nothing twice. gms-graph counts each selection, never less.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  Kind,
  buildSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInputObjectType,
  isListType,
  parse,
  print,
  valueFromASTUntyped,
} from 'graphql';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { typeDefs as testDirectory } from './directory-subgraph.js';
import { binary, startGmsGraph } from './gms-graph.js';

const ours = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');

// The router's `list_size` for a list nothing sizes. Not 50, so that a list of ours left
// without @listSize would show as a difference.
const ROUTER_LIST_SIZE = 13;

function compose(subgraphSdl) {
  const result = composeServices([
    { name: 'gms-graph', typeDefs: parse(subgraphSdl), url: 'http://127.0.0.1:1/graphql' },
    { name: 'test-directory', typeDefs: testDirectory, url: 'http://127.0.0.1:2/graphql' },
  ]);
  assert.deepEqual(result.errors ?? [], [], (result.errors ?? []).map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

/** The directives on `type.field` in the supergraph `sdl`, printed, but federation's own. */
function directivesOn(sdl, type, field) {
  const definition = buildSchema(sdl, { assumeValidSDL: true }).getType(type).getFields()[field];
  return definition.astNode.directives.map(print).filter((d) => !d.startsWith('@join__'));
}

/** A directive's arguments on a schema element, as plain values, or undefined. */
function directive(element, name) {
  const found = element.astNode?.directives?.find((d) => d.name.value === name);
  if (!found) return undefined;
  return Object.fromEntries(found.arguments.map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

/** Apollo Router's static cost of `document`'s operation with `variables`, on `schema`. */
function routerEstimate(schema, document, variables) {
  const fragments = Object.fromEntries(
    document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const literalIf = (node, name) => {
    const found = node.directives?.find((d) => d.name.value === name);
    const value = found?.arguments?.find((a) => a.name.value === 'if')?.value;
    return value?.kind === Kind.BOOLEAN ? value.value : undefined;
  };
  const integer = (node) => {
    if (node.kind === Kind.INT) return Number.parseInt(node.value, 10);
    if (node.kind === Kind.VARIABLE && Number.isInteger(variables[node.name.value])) {
      return variables[node.name.value];
    }
    return undefined;
  };

  function listSizeOf(definition, field) {
    const listSize = directive(definition, 'listSize');
    if (!listSize) return undefined;
    const slices = new Map();
    for (const name of listSize.slicingArguments ?? []) {
      const argument = definition.args.find((a) => a.name === name);
      if (Number.isInteger(argument?.defaultValue)) slices.set(name, argument.defaultValue);
    }
    for (const argument of field.arguments ?? []) {
      if ((listSize.slicingArguments ?? []).includes(argument.name.value)) {
        const value = integer(argument.value);
        if (value !== undefined) slices.set(argument.name.value, value);
      }
    }
    if (listSize.slicingArguments && (listSize.requireOneSlicingArgument ?? true) && slices.size !== 1) {
      throw new Error(`exactly one slicing argument is required on ${definition.name}`);
    }
    const expected = slices.size ? Math.max(...slices.values()) : listSize.assumedSize;
    return { expected, sized: new Set(listSize.sizedFields ?? []) };
  }

  function scoreInput(valueNode, definition) {
    const weight = directive(definition, 'cost')?.weight;
    const named = getNamedType(definition.type);
    switch (valueNode.kind) {
      case Kind.OBJECT:
        if (!isInputObjectType(named)) return weight ?? 0;
        return valueNode.fields.reduce(
          (sum, f) => sum + scoreInput(f.value, named.getFields()[f.name.value]),
          weight ?? 1,
        );
      case Kind.LIST:
        return valueNode.values.reduce((sum, item) => sum + scoreInput(item, definition), weight ?? 0);
      case Kind.VARIABLE:
        return valueNode.name.value in variables ? scoreValue(variables[valueNode.name.value], definition) : 0;
      case Kind.NULL:
        return 0;
      default:
        return weight ?? 0;
    }
  }

  function scoreValue(value, definition) {
    const weight = directive(definition, 'cost')?.weight;
    const named = getNamedType(definition.type);
    if (value === null) return 0;
    if (Array.isArray(value)) return value.reduce((sum, item) => sum + scoreValue(item, definition), weight ?? 0);
    if (typeof value === 'object' && isInputObjectType(named)) {
      return Object.entries(value).reduce((sum, [k, v]) => sum + scoreValue(v, named.getFields()[k]), weight ?? 1);
    }
    return weight ?? 0;
  }

  function scoreField(field, parent, upstream) {
    if (field.name.value === '__typename') return 0;
    if (literalIf(field, 'include') === false || literalIf(field, 'skip') === true) return 0;
    const definition = parent.getFields()[field.name.value];
    assert.ok(definition, `${parent.name}.${field.name.value}`);
    const listSize = listSizeOf(definition, field);
    const isList = isListType(getNullableType(definition.type));
    const named = getNamedType(definition.type);
    const count = !isList ? 1 : (upstream ?? listSize?.expected ?? ROUTER_LIST_SIZE);
    let typeCost = directive(definition, 'cost')?.weight ?? (isCompositeType(named) ? 1 : 0);
    if (field.selectionSet) typeCost += scoreSet(field.selectionSet, named, listSize);
    const argumentsCost = (field.arguments ?? []).reduce(
      (sum, a) => sum + scoreInput(a.value, definition.args.find((d) => d.name === a.name.value)),
      0,
    );
    return count * typeCost + argumentsCost;
  }

  function scoreSet(set, parent, listSize) {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const upstream = listSize?.sized.has(selection.name.value) ? listSize.expected : undefined;
        cost += scoreField(selection, parent, upstream);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        cost += scoreSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), listSize);
      } else {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        cost += scoreSet(selection.selectionSet, on, listSize);
      }
    }
    return cost;
  }

  const root = schema.getRootType(operation.operation);
  return (operation.operation === 'mutation' ? 10 : 0) + scoreSet(operation.selectionSet, root, undefined);
}

/** The operation's declared defaults, with `given` over them: what both sides are sent. */
function withDefaults(document, given) {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const values = {};
  for (const v of operation.variableDefinitions ?? []) {
    if (v.defaultValue) values[v.variable.name.value] = valueFromASTUntyped(v.defaultValue);
  }
  return { ...values, ...given };
}

// The README's operations, and more: every way a size or a weight is reached.
const readme = JSON.parse(execFileSync(binary, ['trusted-documents'], { encoding: 'utf8' })).operations;
const MORE = [
  ['connections without first', '{ hubs { totalCount edges { cursor node { slug alliance { name } } } } }'],
  ['last, and first in a variable', 'query($n: Int) { alliances(last: 2) { nodes { regions(first: $n) { nodes { code } } } } }', { n: 4 }],
  ['a filter of input objects, and a list of them', '{ trusts(first: 3, filter: { name: { contains: "London" }, or: [{ odsCode: { eq: "RRK" } }, { odsCode: { eq: "R1K" } }] }) { nodes { odsCode } } }'],
  ['a filter in a variable', 'query($f: HubFilter) { hubs(filter: $f) { nodes { id } } }', { f: { name: { contains: 'North' }, and: [{ slug: { ne: 'x' } }] } }],
  ['lists of a record', '{ hubBySlug(slug: "north-west") { conflicts { id claims { claim } } timelineEvents { slug } } }'],
  ['an interface and a union through fragments', 'query { node(id: "Hub:north-west") { id ...H } search(text: "genomic", first: 4) { nodes { __typename ... on Hub { slug } ... on Trust { name } } } } fragment H on Hub { leadTrust { name } }'],
  ['nodes by id', '{ nodes(ids: ["Hub:north-west", "Region:E40000003"]) { id ... on Region { hubs(first: 2) { nodes { slug } } } } }'],
  ['skipped and included by literals', '{ hubs(first: 2) @include(if: false) { nodes { id } } regions(first: 3) @skip(if: false) { nodes { id } } }'],
  ['a mutation', 'mutation { deleteTrainingCourse(id: "TrainingCourse:x", expectedVersion: 1) { id } }'],
  ['a mutation with an input object', 'mutation($input: UpdateHubInput!) { updateHub(id: "Hub:x", expectedVersion: 1, input: $input) { slug leadTrust { name } } }', { input: { name: 'x' } }],
];

let refusing;
let supergraph;

before(async () => {
  supergraph = buildSchema(compose(ours), { assumeValidSDL: true });
  refusing = await startGmsGraph(['--max-cost', '0']);
});

after(async () => {
  await refusing?.stop();
});

test('the supergraph carries @listSize and @cost from our SDL, under the cost spec', () => {
  const sdl = compose(ours);
  assert.match(sdl, /@link\(url: "https:\/\/specs\.apollo\.dev\/cost\/v0\.1"/);
  assert.deepEqual(directivesOn(sdl, 'HubConnection', 'totalCount'), ['@cost(weight: 1)']);
  assert.deepEqual(directivesOn(sdl, 'Query', 'hubs'), [
    '@listSize(assumedSize: 50, slicingArguments: ["first", "last"], sizedFields: ["edges", "nodes"], requireOneSlicingArgument: false)',
  ]);
  assert.deepEqual(directivesOn(sdl, 'Hub', 'conflicts'), ['@listSize(assumedSize: 500)']);
  assert.deepEqual(directivesOn(sdl, 'Query', 'nodes'), ['@listSize(assumedSize: 1000)']);
  assert.doesNotMatch(sdl, /specs\.apollo\.dev\/(authenticated|requiresScopes)/, 'no authorization by default');
});

test("the router's estimate is the cost gms-graph refuses at, operation by operation", async () => {
  const operations = [
    ...readme.map((o) => [o.name, o.body, {}]),
    ...MORE,
  ];
  assert.ok(operations.length >= 15);
  for (const [name, text, given = {}] of operations) {
    const document = parse(text);
    const variables = withDefaults(document, given);
    const estimate = routerEstimate(supergraph, document, variables);
    const response = await fetch(refusing.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: text, variables }),
    });
    const body = await response.json();
    const error = body.errors?.[0];
    assert.equal(error?.extensions?.code, 'QUERY_TOO_COMPLEX', `${name}: ${JSON.stringify(body)}`);
    assert.equal(error.extensions.cost, estimate, `${name}: the router estimates ${estimate}`);
    assert.ok(estimate > 0, name);
  }
});

test('with --federation-auth, the scopes and @authenticated compose; Apollo Gateway refuses them', async () => {
  const exported = execFileSync(binary, ['export-schema', '--federation-auth', '--require-auth'], { encoding: 'utf8' });
  buildSchema(exported);
  const sdl = compose(exported);
  assert.match(sdl, /@link\(url: "https:\/\/specs\.apollo\.dev\/authenticated\/v0\.1", for: SECURITY\)/);
  assert.match(sdl, /@link\(url: "https:\/\/specs\.apollo\.dev\/requiresScopes\/v0\.1", for: SECURITY\)/);
  assert.deepEqual(directivesOn(sdl, 'Mutation', 'createHub'), ['@requiresScopes(scopes: [["admin"]])']);
  assert.deepEqual(directivesOn(sdl, 'Mutation', 'deleteTrainingCourse'), ['@requiresScopes(scopes: [["editor"], ["admin"]])']);
  assert.deepEqual(directivesOn(sdl, 'Hub', 'history').sort(), [
    '@listSize(assumedSize: 500)',
    '@requiresScopes(scopes: [["editor"], ["admin"]])',
  ]);
  assert.deepEqual(directivesOn(sdl, 'Query', 'hub'), ['@authenticated']);
  assert.match(sdl, /type Hub implements Node\s[^{]*@authenticated/);
  // Without --require-auth, reads stay open: no @authenticated, the scopes still there.
  const open = execFileSync(binary, ['export-schema', '--federation-auth'], { encoding: 'utf8' });
  assert.doesNotMatch(compose(open), /@authenticated/);
  // The server serves the same SDL when started so.
  const served = await startGmsGraph(['--federation-auth']);
  try {
    const response = await fetch(served.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    const body = await response.json();
    assert.ok(open.startsWith(body.data._service.sdl), 'the served SDL is the exported one');
  } finally {
    await served.stop();
  }
  // Why it is a choice: Apollo Gateway does not run a supergraph with SECURITY features.
  const gateway = new ApolloGateway({ supergraphSdl: sdl });
  await assert.rejects(gateway.load(), /SECURITY/);
});
