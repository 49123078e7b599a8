// A second subgraph written for the tests: a stand-in for a genomic test-directory service.
// It adds clinical indications to our Hub (by id) and notes to our Trust (by odsCode), and its
// indications point back at our Region (by code). The links between indications, hubs and
// regions are test fixtures, not facts about the network.

import gql from 'graphql-tag';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';

export const typeDefs = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

  "A clinical indication of the National Genomic Test Directory."
  type ClinicalIndication @key(fields: "code") {
    code: String!
    name: String!
    "The hub that tests for it."
    testingHub: Hub!
    "The region it is piloted in."
    region: Region!
  }

  type Hub @key(fields: "id") {
    id: ID!
    "Clinical indications this hub tests for."
    clinicalIndications: [ClinicalIndication!]!
  }

  type Trust @key(fields: "odsCode") {
    odsCode: String!
    "Notes the directory keeps on the trust."
    notes: [String!]!
  }

  type Region @key(fields: "code", resolvable: false) {
    code: String!
  }

  type Query {
    clinicalIndications: [ClinicalIndication!]!
    "Trusts the directory has notes on."
    notedTrusts: [Trust!]!
  }
`;

const indications = [
  { code: 'R14', name: 'Acutely unwell children with a likely monogenic disorder', hub: 'Hub:north-thames', region: 'E40000003' },
  { code: 'R210', name: 'Inherited MMR deficiency (Lynch syndrome)', hub: 'Hub:north-west', region: 'E40000010' },
];

const notes = {
  RQ3: ['Central and South lead trust'],
  R0A: ['North West lead trust', 'Sponsor of the PROGRESS study'],
};

const resolvers = {
  Query: {
    clinicalIndications: () => indications,
    notedTrusts: () => Object.keys(notes).map((odsCode) => ({ odsCode })),
  },
  ClinicalIndication: {
    __resolveReference: ({ code }) => indications.find((i) => i.code === code) ?? null,
    testingHub: (indication) => ({ __typename: 'Hub', id: indication.hub }),
    region: (indication) => ({ __typename: 'Region', code: indication.region }),
  },
  Hub: {
    __resolveReference: ({ id }) => ({ id }),
    clinicalIndications: ({ id }) => indications.filter((i) => i.hub === id),
  },
  Trust: {
    __resolveReference: ({ odsCode }) => ({ odsCode }),
    notes: ({ odsCode }) => notes[odsCode] ?? [],
  },
};

export const schema = buildSubgraphSchema({ typeDefs, resolvers });

/** Serves the subgraph on a free loopback port; resolves to { url, stop }. */
export async function startTestDirectory() {
  const server = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, stop: () => server.stop() };
}
