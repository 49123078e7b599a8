// A record's page, for any kind: its fields, the records it points to, each relation with the
// link's own facts (confidence, basis, role, sources), its notes and conflicting claims, and its
// change history for callers allowed to see it. The query is built from the schema.
import { ApiError, graphql, token } from "../api.js";
import { confidenceTag, errorPage, h, label, recordHref, source, words } from "../dom.js";
import { DETAILS, nameOf, schema, unwrap } from "../schema.js";

const HISTORY = `query History($id: ID!) {
  changes(entityId: $id, first: 100) {
    nodes { number at actor action }
  }
}`;

// Fields shown above the rest, in this order, when a kind has them.
const FIRST = ["id", "odsCode", "code", "name", "title", "event"];
// Shown in their own sections, not in the summary list.
const OWN = new Set(["sources", "note", "statusNote", "__typename"]);

export async function record(id) {
  const api = await schema();
  const kind = id.split(":")[0];
  if (!api.kinds().includes(kind)) {
    return notFound(id, `There is no kind of record called “${kind}”.`);
  }
  const { query, relations } = api.recordQuery(kind);
  const data = await graphql(query, { id });
  const node = data.node;
  if (!node) return notFound(id, `No ${kind} has the id ${id}.`);

  const type = api.type(kind);
  const described = new Map(type.fields.map((f) => [f.name, f.description]));
  const scalars = type.fields
    .filter((f) => f.name in node && !OWN.has(f.name) && !relations.some((r) => r.field.name === f.name))
    .sort((a, b) => rank(a.name) - rank(b.name));

  const summary = h(
    "dl",
    { class: "nhsuk-summary-list" },
    scalars.map((f) =>
      h(
        "div",
        { class: "nhsuk-summary-list__row" },
        h("dt", { class: "nhsuk-summary-list__key" }, label(f.name)),
        h("dd", { class: "nhsuk-summary-list__value" }, value(f.name, node[f.name], unwrap(f.type).kind === "ENUM")),
      ),
    ),
  );

  const sections = relations
    .map((relation) => relationSection(api, relation, node[relation.field.name], described.get(relation.field.name)))
    .filter(Boolean);

  const body = h(
    "div",
    {},
    h("span", { class: "nhsuk-caption-l" }, label(kind.charAt(0).toLowerCase() + kind.slice(1))),
    h("h1", { tabindex: "-1" }, nameOf(node)),
    type.description ? h("p", { class: "nhsuk-body-s record-kind" }, type.description) : null,
    node.note || node.statusNote
      ? h(
          "div",
          { class: "nhsuk-inset-text" },
          h("span", { class: "nhsuk-u-visually-hidden" }, "Note: "),
          node.note ? h("p", {}, node.note) : null,
          node.statusNote ? h("p", {}, h("strong", {}, "Status: "), node.statusNote) : null,
        )
      : null,
    summary,
    sections,
    Array.isArray(node.sources)
      ? h("section", { "aria-labelledby": "sources" }, h("h2", { id: "sources" }, "Sources"), sourceList(node.sources))
      : null,
    h("section", { "aria-labelledby": "history", id: "history-section" }, h("h2", { id: "history" }, "History")),
  );
  return { title: nameOf(node), body, ready: () => history(id) };
}

function notFound(id, message) {
  return { title: "Record not found", body: errorPage("Record not found", message) };
}

function rank(name) {
  const i = FIRST.indexOf(name);
  return i === -1 ? FIRST.length : i;
}

// A field's value as text, a tag or a list; an enum's constant in words.
function value(field, v, isEnum = false) {
  if (v === null || v === undefined) return h("span", { class: "nhsuk-u-secondary-text-colour" }, "not known");
  if (field === "confidence") return confidenceTag(v);
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(", ") : "none";
  if (typeof v === "object") return JSON.stringify(v);
  if (isEnum && typeof v === "string") return words(v);
  if (/^https?:\/\//.test(v)) return source(v);
  return String(v);
}

function reference(node) {
  if (!node) return h("span", { class: "nhsuk-u-secondary-text-colour" }, "none");
  if (!node.id) return nameOf(node);
  const details = DETAILS.filter((d) => node[d] !== undefined && node[d] !== null).map((d) =>
    d.endsWith("onfidence") ? confidenceTag(node[d]) : h("span", { class: "link-fact" }, `${label(d)}: ${value(d, node[d], d !== "date")}`),
  );
  return [h("a", { href: recordHref(node.id) }, nameOf(node)), details];
}

function sourceList(sources) {
  if (!sources?.length) return h("p", {}, "No source is given.");
  return h("ul", { class: "nhsuk-list nhsuk-list--bullet source-list" }, sources.map((s) => h("li", {}, source(s))));
}

// The names of a type's enum fields.
function enumsOf(api, typeName) {
  return new Set((api.type(typeName)?.fields ?? []).filter((f) => unwrap(f.type).kind === "ENUM").map((f) => f.name));
}

// The link's own facts, shown beside the record it leads to.
function linkFacts(edge, enums) {
  const facts = [];
  for (const [key, v] of Object.entries(edge)) {
    if (key === "node" || v === null || v === undefined) continue;
    if (key === "confidence") facts.push(confidenceTag(v));
    else if (key === "sources") {
      if (v.length) facts.push(h("details", { class: "link-sources" }, h("summary", {}, `Sources (${v.length})`), sourceList(v)));
    } else if (typeof v === "boolean") {
      if (v) facts.push(h("strong", { class: "nhsuk-tag nhsuk-tag--orange" }, words(key)));
    } else if (typeof v === "object") {
      facts.push(h("span", {}, `${label(key)}: `, reference(v)));
    } else {
      facts.push(h("span", { class: "link-fact" }, `${label(key)}: ${value(key, v, enums.has(key))}`));
    }
  }
  return facts;
}

function relationSection(api, relation, v, description) {
  const name = relation.field.name;
  const id = `rel-${name}`;
  let content;
  if (relation.kind === "connection") {
    const edges = v?.edges ?? [];
    if (!edges.length) return null;
    const more = v.pageInfo?.hasNextPage ? ` (the first ${edges.length} of ${v.totalCount})` : ` (${v.totalCount})`;
    content = [
      h("h2", { id }, label(name), h("span", { class: "nhsuk-u-secondary-text-colour count" }, more)),
      description ? h("p", { class: "nhsuk-body-s" }, description) : null,
      h(
        "ul",
        { class: "nhsuk-list relation-list", "aria-labelledby": id },
        edges.map((edge) => h("li", {}, reference(edge.node), " ", linkFacts(edge, enumsOf(api, relation.edge)))),
      ),
    ];
  } else if (relation.kind === "conflicts") {
    if (!v?.length) return null;
    content = [
      h("h2", { id }, "Where the sources disagree"),
      description ? h("p", { class: "nhsuk-body-s" }, description) : null,
      v.map((conflict) =>
        h(
          "div",
          { class: "nhsuk-warning-callout conflict" },
          h("h3", { class: "nhsuk-warning-callout__label" }, h("a", { href: recordHref(conflict.id) }, conflict.topic)),
          h("p", {}, conflict.detail),
          h(
            "ul",
            { class: "nhsuk-list nhsuk-list--bullet" },
            conflict.claims.map((claim) =>
              h("li", {}, claim.claim, claim.sources.length ? h("details", { class: "link-sources" }, h("summary", {}, `Sources (${claim.sources.length})`), sourceList(claim.sources)) : null),
            ),
          ),
        ),
      ),
    ];
  } else if (relation.kind === "list") {
    if (!v?.length) return null;
    content = [
      h("h2", { id }, label(name)),
      description ? h("p", { class: "nhsuk-body-s" }, description) : null,
      h("ul", { class: "nhsuk-list relation-list", "aria-labelledby": id }, v.map((item) => h("li", {}, item.id ? reference(item) : linkFacts(item, enumsOf(api, relation.nodeType))))),
    ];
  } else {
    if (!v) return null;
    content = [
      h("h2", { id }, label(name)),
      h("p", {}, v.id ? reference(v) : linkFacts(v, enumsOf(api, relation.nodeType))),
    ];
  }
  return h("section", { "aria-labelledby": id }, content);
}

// The change log of the record, when the caller may read it.
async function history(id) {
  const section = document.getElementById("history-section");
  if (!section) return;
  if (!token.get()) {
    section.append(
      h("p", {}, "The change history is shown to editors and admins: ", h("a", { href: "/token" }, "sign in with a token"), " that has one of those roles."),
    );
    return;
  }
  try {
    const data = await graphql(HISTORY, { id });
    const changes = data.changes.nodes;
    section.append(
      changes.length
        ? h(
            "table",
            { class: "nhsuk-table" },
            h("caption", { class: "nhsuk-table__caption nhsuk-u-visually-hidden" }, "Changes to this record, oldest first"),
            h("thead", { class: "nhsuk-table__head" }, h("tr", {}, ["When", "Who", "What"].map((c) => h("th", { scope: "col" }, c)))),
            h(
              "tbody",
              {},
              changes.map((c) => h("tr", {}, h("td", {}, c.at), h("td", {}, c.actor), h("td", {}, words(c.action)))),
            ),
          )
        : h("p", {}, "No change is recorded."),
    );
  } catch (err) {
    const reason =
      err instanceof ApiError && (err.code === "FORBIDDEN" || err.code === "UNAUTHENTICATED")
        ? "The change history is shown to editors and admins; this token has neither role."
        : `The change history could not be read: ${err.message}`;
    section.append(h("p", {}, reason));
  }
}
