// Fragments a Relay client of gms-graph would write: compiled against
// docs/client-schema.graphql by schema-files.test.js (relay-compiler), never run.
import { graphql } from 'react-relay';

// A list that pages with Relay's connection handling, refetched from the root.
export const hubList = graphql`
  fragment HubList_query on Query
  @refetchable(queryName: "HubListPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 3 }, cursor: { type: "String" }) {
    hubs(first: $count, after: $cursor) @connection(key: "HubList_hubs") {
      edges {
        node {
          id
          name
          ...HubCard_hub
        }
      }
    }
  }
`;

// A record refetched by its global id through `node`.
export const hubCard = graphql`
  fragment HubCard_hub on Hub @refetchable(queryName: "HubCardRefetchQuery") {
    id
    name
    leadTrust { odsCode name }
    regions(first: 10) { edges { confidence node { code name } } }
  }
`;

// A relation that pages per parent, on a record's own connection.
export const regionTrusts = graphql`
  fragment RegionTrusts_region on Region
  @refetchable(queryName: "RegionTrustsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" }) {
    trusts(first: $count, after: $cursor) @connection(key: "RegionTrusts_trusts") {
      totalCount
      edges { node { odsCode name } }
    }
  }
`;

export const hubListQuery = graphql`
  query HubListQuery {
    ...HubList_query
  }
`;
