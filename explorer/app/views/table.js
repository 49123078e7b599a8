// A table of one kind: the API's filter, ordering and cursor pages, every value in the URL so a
// view can be shared, and beside it the CSV of this page and of every row, from
// /export/<Kind>.csv with the same parameters.
import { graphql, token } from "../api.js";
import { errorPage, h, label, recordHref, words } from "../dom.js";
import { activeOn, withDate } from "../date.js";
import { schema, unwrap } from "../schema.js";

const SIZES = [25, 50, 100, 500];

// The index: every kind, with how many records it has on the chosen day.
export async function tables() {
  const api = await schema();
  const kinds = api.kinds().filter((kind) => api.root(kind));
  const day = activeOn();
  const parts = kinds.map((kind) => {
    const root = api.root(kind);
    const dated = day && root.args.some((a) => a.name === "activeOn") ? `(activeOn: "${day}")` : "";
    return `${kind}: ${root.name}${dated} { totalCount }`;
  });
  const data = await graphql(`{ ${parts.join(" ")} }`);
  const body = h(
    "div",
    {},
    h("h1", { tabindex: "-1" }, "Tables"),
    h("p", {}, day ? `What each kind holds in force on ${day}.` : "Every kind of record, with how many there are."),
    h(
      "table",
      { class: "nhsuk-table" },
      h("caption", { class: "nhsuk-table__caption nhsuk-u-visually-hidden" }, "Kinds of record"),
      h("thead", { class: "nhsuk-table__head" }, h("tr", {}, h("th", { scope: "col" }, "Kind"), h("th", { scope: "col", class: "nhsuk-table__header--numeric" }, "Records"))),
      h(
        "tbody",
        {},
        kinds.map((kind) =>
          h(
            "tr",
            {},
            h("td", {}, h("a", { href: withDate(`/table/${kind}`) }, kindLabel(kind))),
            h("td", { class: "nhsuk-table__cell--numeric" }, String(data[kind].totalCount)),
          ),
        ),
      ),
    ),
  );
  return { title: "Tables", body };
}

const kindLabel = (kind) => label(kind.charAt(0).toLowerCase() + kind.slice(1));

// A CSV link: an ordinary link, or, when the tab has a token, a fetch that sends it (a link
// cannot) and saves what comes back.
function csvLink(href, kind, className, text) {
  return h(
    "a",
    {
      href,
      download: `${kind}.csv`,
      class: className,
      onclick: async (event) => {
        const bearer = token.get();
        if (!bearer) return;
        event.preventDefault();
        const response = await fetch(href, { headers: { authorization: `Bearer ${bearer}` } });
        if (!response.ok) {
          const body = await response.json().catch(() => ({}));
          event.target.closest("p")?.after(
            h("p", { class: "nhsuk-error-message", role: "alert" }, `The CSV could not be made: ${body.errors?.[0]?.message ?? response.status}`),
          );
          return;
        }
        const url = URL.createObjectURL(await response.blob());
        const save = h("a", { href: url, download: `${kind}.csv` });
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      },
    },
    text,
  );
}

// The CSV of the same rows, at its stable URL.
function exportHref(kind, params) {
  const query = new URLSearchParams();
  for (const name of ["filter", "orderBy", "activeOn", "first", "after"]) {
    if (params[name] !== undefined && params[name] !== null && params[name] !== "") query.set(name, params[name]);
  }
  const text = query.toString();
  return `/export/${kind}.csv${text ? `?${text}` : ""}`;
}

function cell(value, path) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(" | ");
  if (path[path.length - 1] === "id" && typeof value === "string" && value.includes(":")) {
    return h("a", { href: recordHref(value) }, value);
  }
  return String(value);
}

export async function table(kind, params) {
  const api = await schema();
  const root = api.kinds().includes(kind) ? api.root(kind) : null;
  if (!root) return { title: "No such table", body: errorPage("No such table", `There is no kind of record called “${kind}”.`) };
  const has = (name) => root.args.some((a) => a.name === name);
  const argType = (name) => {
    const arg = root.args.find((a) => a.name === name);
    const { name: typeName, list } = unwrap(arg.type);
    return list ? `[${typeName}!]` : typeName;
  };
  const columns = api.columns(kind);
  const size = SIZES.includes(Number(params.get("first") ?? params.get("last"))) ? Number(params.get("first") ?? params.get("last")) : 50;
  const backwards = params.has("before");
  const variables = {};
  let filterText = params.get("filter") ?? "";
  let orderText = params.get("orderBy") ?? "";
  try {
    if (filterText) variables.filter = JSON.parse(filterText);
    if (orderText) variables.orderBy = JSON.parse(orderText);
  } catch (err) {
    return { title: "Bad filter", body: errorPage("The filter or ordering is not JSON", err.message) };
  }
  const day = activeOn();
  if (day && has("activeOn")) variables.activeOn = day;
  if (backwards) {
    variables.last = size;
    variables.before = params.get("before");
  } else {
    variables.first = size;
    if (params.get("after")) variables.after = params.get("after");
  }
  const declared = [
    has("filter") && `$filter: ${argType("filter")}`,
    has("orderBy") && `$orderBy: ${argType("orderBy")}`,
    has("activeOn") && "$activeOn: Date",
    "$first: Int",
    "$after: String",
    "$last: Int",
    "$before: String",
  ].filter(Boolean);
  const passed = declared.map((d) => d.split(":")[0].slice(1)).map((n) => `${n}: $${n}`);
  const query = `query Table(${declared.join(", ")}) {
    rows: ${root.name}(${passed.join(", ")}) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      nodes { ${columns.filter(([, , sel]) => sel).map(([, , sel]) => sel).join(" ")} }
    }
  }`;
  const data = await graphql(query, variables);
  const { nodes, totalCount, pageInfo } = data.rows;

  // The controls: a name search where the filter has one, the raw filter, the ordering, the size.
  const filterType = has("filter") ? api.type(unwrap(root.args.find((a) => a.name === "filter").type).name) : null;
  const orderType = has("orderBy") ? api.type(unwrap(root.args.find((a) => a.name === "orderBy").type).name) : null;
  const orderFields = orderType
    ? api.type(unwrap(orderType.inputFields.find((f) => f.name === "field").type).name).enumValues.map((v) => v.name)
    : [];
  const current = variables.orderBy?.[0] ?? {};
  const nameFilter = filterType?.inputFields?.some((f) => f.name === "name");
  const nameInput = h("input", { class: "nhsuk-input", id: "name-contains", type: "search", value: variables.filter?.name?.contains ?? "" });
  const filterInput = h("textarea", { class: "nhsuk-textarea", id: "filter", rows: "2", spellcheck: "false" }, filterText);
  const orderSelect = h(
    "select",
    { class: "nhsuk-select", id: "order-field" },
    h("option", { value: "" }, "The default"),
    orderFields.map((f) => h("option", { value: f, selected: current.field === f }, words(f))),
  );
  const directionSelect = h(
    "select",
    { class: "nhsuk-select", id: "order-direction" },
    ["ASC", "DESC"].map((d) => h("option", { value: d, selected: (current.direction ?? "ASC") === d }, d === "ASC" ? "ascending" : "descending")),
  );
  const sizeSelect = h("select", { class: "nhsuk-select", id: "page-size" }, SIZES.map((n) => h("option", { value: n, selected: n === size }, String(n))));

  function apply(event) {
    event.preventDefault();
    let filter;
    try {
      filter = filterInput.value.trim() ? JSON.parse(filterInput.value) : {};
    } catch (err) {
      status.replaceChildren(h("p", { class: "nhsuk-error-message" }, `The filter is not JSON: ${err.message}`));
      filterInput.focus();
      return;
    }
    if (nameFilter) {
      if (nameInput.value.trim()) filter.name = { ...(filter.name ?? {}), contains: nameInput.value.trim() };
      else if (filter.name) delete filter.name.contains;
      if (filter.name && !Object.keys(filter.name).length) delete filter.name;
    }
    const next = new URLSearchParams();
    if (Object.keys(filter).length) next.set("filter", JSON.stringify(filter));
    if (orderSelect.value) next.set("orderBy", JSON.stringify([{ field: orderSelect.value, direction: directionSelect.value }]));
    if (Number(sizeSelect.value) !== 50) next.set("first", sizeSelect.value);
    if (day) next.set("activeOn", day);
    const text = next.toString();
    history.pushState(null, "", `/table/${kind}${text ? `?${text}` : ""}`);
    dispatchEvent(new PopStateEvent("popstate"));
  }
  const status = h("div", { role: "status" });

  const pageParams = (cursor) => {
    const next = new URLSearchParams();
    if (filterText) next.set("filter", filterText);
    if (orderText) next.set("orderBy", orderText);
    if (day) next.set("activeOn", day);
    if (size !== 50) next.set(cursor.before ? "last" : "first", size);
    for (const [k, v] of Object.entries(cursor)) next.set(k, v);
    return `/table/${kind}?${next}`;
  };
  const exportParams = { filter: filterText, orderBy: orderText, activeOn: day && has("activeOn") ? day : "" };
  const pageExport = backwards
    ? null
    : exportHref(kind, { ...exportParams, first: size, after: params.get("after") ?? "" });

  const body = h(
    "div",
    {},
    h("span", { class: "nhsuk-caption-l" }, "Table"),
    h("h1", { tabindex: "-1" }, kindLabel(kind)),
    h(
      "form",
      { class: "table-controls", onsubmit: apply, action: `/table/${kind}`, method: "get" },
      nameFilter
        ? h("div", { class: "nhsuk-form-group" }, h("label", { class: "nhsuk-label", for: "name-contains" }, "Name contains"), nameInput)
        : null,
      has("filter")
        ? h(
            "details",
            { class: "nhsuk-details", open: filterText ? true : undefined },
            h("summary", { class: "nhsuk-details__summary" }, h("span", { class: "nhsuk-details__summary-text" }, "Filter as the API takes it")),
            h(
              "div",
              { class: "nhsuk-details__text" },
              h("div", { class: "nhsuk-form-group" }, h("label", { class: "nhsuk-label", for: "filter" }, `${filterType.name}, as JSON`), h("div", { class: "nhsuk-hint" }, 'For example {"name": {"startsWith": "North"}}'), filterInput),
            ),
          )
        : null,
      h(
        "div",
        { class: "control-row" },
        orderFields.length ? h("div", { class: "nhsuk-form-group" }, h("label", { class: "nhsuk-label", for: "order-field" }, "Order by"), orderSelect) : null,
        orderFields.length ? h("div", { class: "nhsuk-form-group" }, h("label", { class: "nhsuk-label", for: "order-direction" }, "Direction"), directionSelect) : null,
        h("div", { class: "nhsuk-form-group" }, h("label", { class: "nhsuk-label", for: "page-size" }, "Rows a page"), sizeSelect),
      ),
      h("button", { class: "nhsuk-button", type: "submit" }, "Apply"),
    ),
    status,
    h(
      "p",
      { class: "table-summary" },
      `${totalCount} ${totalCount === 1 ? "record" : "records"}${day && has("activeOn") ? ` in force on ${day}` : ""}. `,
      pageExport ? csvLink(pageExport, kind, "csv-page", "CSV of this page") : null,
      pageExport ? " · " : null,
      csvLink(exportHref(kind, exportParams), kind, "csv-all", `CSV of all ${totalCount}`),
    ),
    h(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "table-caption" },
      h(
        "table",
        { class: "nhsuk-table data-table" },
        h("caption", { class: "nhsuk-table__caption", id: "table-caption" }, `${kindLabel(kind)}: ${nodes.length} of ${totalCount}`),
        h("thead", { class: "nhsuk-table__head" }, h("tr", {}, columns.map(([header]) => h("th", { scope: "col" }, header)))),
        h(
          "tbody",
          {},
          nodes.map((node) =>
            h(
              "tr",
              {},
              columns.map(([, path]) => h("td", {}, cell(path.reduce((v, k) => v?.[k], node), path))),
            ),
          ),
        ),
      ),
    ),
    h(
      "nav",
      { class: "nhsuk-pagination", role: "navigation", "aria-label": "Pages" },
      h(
        "ul",
        { class: "nhsuk-list nhsuk-pagination__list" },
        pageInfo.hasPreviousPage
          ? h("li", { class: "nhsuk-pagination-item--previous" }, h("a", { class: "nhsuk-pagination__link nhsuk-pagination__link--prev", href: pageParams({ before: pageInfo.startCursor }) }, h("span", { class: "nhsuk-pagination__title" }, "Previous")))
          : null,
        pageInfo.hasNextPage
          ? h("li", { class: "nhsuk-pagination-item--next" }, h("a", { class: "nhsuk-pagination__link nhsuk-pagination__link--next", href: pageParams({ after: pageInfo.endCursor }) }, h("span", { class: "nhsuk-pagination__title" }, "Next")))
          : null,
      ),
    ),
  );
  return { title: kindLabel(kind), body };
}
