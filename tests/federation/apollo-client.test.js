// The README's paginated example as written, through Apollo Client with relayStylePagination:
// pages fetched one after another merge into one list in the cache, in order.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { startGmsGraph } from './gms-graph.js';

let gms;

before(async () => {
  gms = await startGmsGraph();
});

after(async () => {
  await gms?.stop();
});

/** The README's operation after the `operation: name` marker. */
function readmeOperation(name) {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const found = new RegExp(`<!-- operation: ${name} -->\\s*\`\`\`graphql\\n([\\s\\S]*?)\`\`\``).exec(readme);
  assert.ok(found, `no README operation ${name}`);
  return found[1];
}

function client() {
  return new ApolloClient({
    link: new HttpLink({ uri: gms.url }),
    cache: new InMemoryCache({
      typePolicies: {
        Query: {
          fields: {
            // A list is one list per filter and ordering; its pages merge.
            transformationProjects: relayStylePagination(['filter', 'orderBy', 'activeOn']),
          },
        },
      },
    }),
  });
}

test("the README's paginated example pages through relayStylePagination as written", async () => {
  const query = gql(readmeOperation('cancer-projects-led-from-london'));
  const apollo = client();
  // In one page, as the README runs it.
  const whole = await apollo.query({ query, fetchPolicy: 'network-only' });
  const titles = whole.data.transformationProjects.edges.map((edge) => edge.node.title);
  assert.equal(titles.length, 3);
  assert.equal(whole.data.transformationProjects.totalCount, 3);

  // A page at a time, each next page after the last one's endCursor: the cache holds them all,
  // merged by their edges, in order.
  const paged = client();
  const watch = paged.watchQuery({ query, variables: { first: 1 } });
  const pages = [];
  const first = await new Promise((resolve, reject) => {
    const subscription = watch.subscribe({
      next: (result) => {
        if (result.data) {
          pages.push(result.data.transformationProjects.edges.length);
          if (pages.length === 1) resolve(result.data);
        }
      },
      error: reject,
    });
    watch.subscription = subscription;
  });
  assert.equal(first.transformationProjects.edges.length, 1);
  let pageInfo = first.transformationProjects.pageInfo;
  for (let n = 0; n < 5 && pageInfo.hasNextPage; n += 1) {
    const more = await watch.fetchMore({ variables: { first: 1, after: pageInfo.endCursor } });
    pageInfo = more.data.transformationProjects.pageInfo;
  }
  assert.equal(pageInfo.hasNextPage, false);
  const merged = paged.readQuery({ query, variables: { first: 1 } });
  assert.deepEqual(merged.transformationProjects.edges.map((edge) => edge.node.title), titles);
  watch.subscription.unsubscribe();
});
