// A small way to build the page: h("a", { href }, "text", child, …). Text is always set as text,
// never parsed as HTML, so no value from the API can become markup.

export function h(tag, attrs = {}, ...children) {
  const svg = tag.startsWith("svg:");
  const el = svg
    ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

// The path of the page for a record.
// (An id's colon is kept: /record/Hub:north-west.)
export const recordHref = (id) => `/record/${encodeURIComponent(id).replaceAll("%3A", ":")}`;

// Words from a constant: PARTNER_LABORATORY -> "partner laboratory".
export const words = (value) => String(value).toLowerCase().replaceAll("_", " ");

// "servingHubs" -> "Serving hubs".
export function label(fieldName) {
  const spaced = fieldName
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/\b(icb|ods|ons|id|url)(s?)\b/g, (_, word, plural) => word.toUpperCase() + plural);
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

// A confidence as the NHS.UK tag its strength calls for, in words.
export function confidenceTag(confidence) {
  if (!confidence) return null;
  const colour = { STATED: "green", INFERRED: "yellow", UNCONFIRMED: "grey" }[confidence] ?? "white";
  return h("strong", { class: `nhsuk-tag nhsuk-tag--${colour}` }, words(confidence));
}

// A source: a link when it is a URL, the citation as text otherwise.
export function source(text) {
  return /^https?:\/\//.test(text) ? h("a", { href: text, rel: "noreferrer" }, text) : text;
}

// An error, as the NHS.UK error summary, announced by a screen reader; `link`, a place to put
// it right.
export function errorBox(title, message, link) {
  return errorSummary("h2", title, message, link);
}

// A view that is only an error: its title is the page's heading.
export function errorPage(title, message, link) {
  return errorSummary("h1", title, message, link);
}

function errorSummary(heading, title, message, link) {
  return h(
    "div",
    { class: "nhsuk-error-summary", role: "alert" },
    h(heading, { class: "nhsuk-error-summary__title", tabindex: "-1" }, title),
    h(
      "div",
      { class: "nhsuk-error-summary__body" },
      h("p", {}, message),
      link ? h("p", {}, h("a", { href: link }, "Sign in with a token")) : null,
    ),
  );
}
