// The public GraphQL API at /graphql, as any client calls it. Under --require-auth the
// explorer asks for a token; it is kept in this tab's sessionStorage only.

const TOKEN = "gms-graph-token";

export const token = {
  get: () => sessionStorage.getItem(TOKEN),
  set: (value) => (value ? sessionStorage.setItem(TOKEN, value) : sessionStorage.removeItem(TOKEN)),
};

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

// Runs one operation; resolves to its data, or throws an ApiError with the first error's
// message and extensions.code.
export async function graphql(query, variables = {}) {
  // Plain JSON: an answer with errors is a 200 with the errors in its body, which is where this
  // reads them (under application/graphql-response+json some are 4xx, which the browser's
  // console reports as failed loads).
  const headers = { "content-type": "application/json", accept: "application/json" };
  const bearer = token.get();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  } catch (err) {
    throw new ApiError(`The server could not be reached: ${err.message}`, "NETWORK");
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} without JSON.`, "HTTP");
  }
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new ApiError(first.message, first.extensions?.code ?? "ERROR");
  }
  return body.data;
}

// Every node of a connection, page by page (at most `limit` pages of 500).
export async function all(query, variables, pick, limit = 20) {
  const nodes = [];
  let after = null;
  for (let page = 0; page < limit; page++) {
    const connection = pick(await graphql(query, { ...variables, after }));
    nodes.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return nodes;
}
