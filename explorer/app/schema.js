// What the explorer knows of the API it learns from the API: one introspection query, from which
// it builds the query for any record's page. A kind added to the schema gets a page with no
// change here.
import { graphql } from "./api.js";

const INTROSPECTION = `{
  __schema {
    types {
      kind name description
      interfaces { name }
      enumValues { name }
      inputFields { name type { kind name ofType { kind name } } }
      fields {
        name description isDeprecated
        args { name type { kind name ofType { kind name ofType { kind name } } } }
        type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
      }
    }
  }
}`;

let loaded = null;

export function schema() {
  // A failure is not kept: after signing in, or once the network is back, the next view asks again.
  loaded ??= graphql(INTROSPECTION)
    .then((data) => new Schema(data.__schema.types))
    .catch((err) => {
      loaded = null;
      throw err;
    });
  return loaded;
}

// The named type under NON_NULL and LIST wrappers, and whether a list was among them.
export function unwrap(type) {
  let list = false;
  while (type.ofType && (type.kind === "NON_NULL" || type.kind === "LIST")) {
    if (type.kind === "LIST") list = true;
    type = type.ofType;
  }
  return { name: type.name, kind: type.kind, list };
}

// Fields that name a record, in the order they are tried.
const LABELS = ["name", "nameAsStated", "title", "event", "summary", "field", "odsCode", "code"];
// Fields shown beside a record wherever it is listed, when its kind has them.
export const DETAILS = ["role", "roleConfidence", "status", "date"];
// Fields left off a record's page: its machinery, or what needs a role (fetched on its own).
const SKIP = new Set(["history", "version"]);

class Schema {
  constructor(types) {
    this.types = new Map(types.map((t) => [t.name, t]));
  }

  type(name) {
    return this.types.get(name);
  }

  isNode(name) {
    return Boolean(this.type(name)?.interfaces?.some((i) => i.name === "Node"));
  }

  // Every kind of record: the object types with an id that `node(id:)` finds.
  kinds() {
    return [...this.types.values()].filter((t) => t.kind === "OBJECT" && this.isNode(t.name)).map((t) => t.name);
  }

  labelField(typeName) {
    const fields = this.type(typeName)?.fields ?? [];
    return LABELS.find((name) => fields.some((f) => f.name === name && unwrap(f.type).kind === "SCALAR"));
  }

  // `... on Hub { name } ... on Site { name } …`: a label for whatever record a field holds.
  labels() {
    return this.kinds()
      .map((kind) => [kind, this.labelField(kind)])
      .filter(([, field]) => field)
      .map(([kind, field]) => `... on ${kind} { ${field} }`)
      .join(" ");
  }

  // A reference to a record: enough to name it and link to it.
  reference() {
    return `{ __typename ... on Node { id } ${this.labels()} }`;
  }

  // The root connection that lists a kind (`trusts` for Trust), with its arguments.
  root(kind) {
    return this.type("Query").fields.find((field) => {
      const connection = unwrap(field.type).name;
      if (!this.isConnection(connection) || !field.args.some((a) => a.name === "first")) return false;
      const nodes = this.type(connection).fields.find((f) => f.name === "nodes");
      return nodes && unwrap(nodes.type).name === kind;
    });
  }

  // A kind's columns, as /export/<Kind>.csv has them: its scalar fields, then the id and name
  // of each record it points to. Each is [header, path, selection].
  columns(kind) {
    const columns = [];
    const references = [];
    for (const field of this.type(kind).fields) {
      if (field.isDeprecated || field.name === "version" || field.args.some((a) => a.type.kind === "NON_NULL")) continue;
      const { name, kind: typeKind, list } = unwrap(field.type);
      if (typeKind === "SCALAR" || typeKind === "ENUM") {
        columns.push([field.name, [field.name], field.name]);
      } else if (!list && this.isNode(name)) {
        const labelled = this.labelField(name);
        references.push([`${field.name}.id`, [field.name, "id"], `${field.name} { id ${labelled ?? ""} }`]);
        if (labelled) references.push([`${field.name}.${labelled}`, [field.name, labelled], null]);
      }
    }
    return [...columns, ...references];
  }

  isConnection(typeName) {
    const type = this.type(typeName);
    return Boolean(type?.fields?.some((f) => f.name === "edges") && type.fields.some((f) => f.name === "pageInfo"));
  }

  // The selection of a value of this type, `depth` levels of plain objects deep.
  selection(typeName, depth) {
    const type = this.type(typeName);
    if (!type || type.kind === "SCALAR" || type.kind === "ENUM") return "";
    if (type.kind === "INTERFACE" || type.kind === "UNION") return this.reference();
    if (this.isNode(typeName)) {
      const fields = new Set(type.fields.map((f) => f.name));
      const wanted = [this.labelField(typeName), ...DETAILS.filter((d) => fields.has(d))].filter(Boolean);
      return `{ __typename id ${wanted.join(" ")} }`;
    }
    if (depth <= 0) return null;
    const parts = [];
    for (const field of type.fields ?? []) {
      if (field.isDeprecated || field.args.some((a) => a.type.kind === "NON_NULL")) continue;
      const { name, kind } = unwrap(field.type);
      if (kind === "SCALAR" || kind === "ENUM") parts.push(field.name);
      else {
        const inner = this.selection(name, depth - 1);
        if (inner) parts.push(`${field.name} ${inner}`);
      }
    }
    return parts.length ? `{ ${parts.join(" ")} }` : null;
  }

  // The query for a record's page: its scalar fields, the records it points to, and the first
  // hundred of each relation with the link's own fields (confidence, basis, role, sources).
  recordQuery(typeName) {
    const type = this.type(typeName);
    const parts = ["__typename"];
    const relations = [];
    for (const field of type.fields) {
      if (SKIP.has(field.name) || field.isDeprecated) continue;
      if (field.args.some((a) => a.type.kind === "NON_NULL")) continue;
      const { name, kind, list } = unwrap(field.type);
      if (kind === "SCALAR" || kind === "ENUM") {
        parts.push(field.name);
      } else if (this.isConnection(name)) {
        const edge = unwrap(this.type(name).fields.find((f) => f.name === "edges").type).name;
        const edgeFields = this.type(edge)
          .fields.filter((f) => !["node", "cursor"].includes(f.name))
          .map((f) => {
            const inner = unwrap(f.type);
            if (inner.kind === "SCALAR" || inner.kind === "ENUM") return f.name;
            const sel = this.selection(inner.name, 1);
            return sel ? `${f.name} ${sel}` : null;
          })
          .filter(Boolean)
          .join(" ");
        const nodeType = unwrap(this.type(edge).fields.find((f) => f.name === "node").type).name;
        const args = field.args.some((a) => a.name === "first") ? "(first: 100)" : "";
        parts.push(
          `${field.name}${args} { totalCount pageInfo { hasNextPage } edges { ${edgeFields} node ${this.selection(nodeType, 1)} } }`,
        );
        relations.push({ field, kind: "connection", nodeType, edge });
      } else if (field.name === "conflicts" && this.type(name)?.fields?.some((f) => f.name === "claims")) {
        // Where sources disagree is shown in full on the record it concerns.
        parts.push(`${field.name} { __typename id topic detail claims { claim sources } }`);
        relations.push({ field, kind: "conflicts", nodeType: name });
      } else {
        const sel = this.selection(name, 2);
        if (sel) {
          parts.push(`${field.name} ${sel}`);
          relations.push({ field, kind: list ? "list" : "one", nodeType: name });
        }
      }
    }
    return {
      query: `query Record($id: ID!) { node(id: $id) { ... on ${typeName} { ${parts.join(" ")} } } }`,
      relations,
    };
  }
}

// The text that names a record from its reference.
export function nameOf(record) {
  if (!record) return "";
  for (const field of LABELS) {
    if (typeof record[field] === "string" && record[field]) return record[field];
  }
  return record.id ?? record.__typename;
}
