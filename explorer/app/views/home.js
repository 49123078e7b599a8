// The network at a glance: every hospital site on a map of England, coloured by the genomic
// laboratory hub that serves it, and the hubs and alliances beside it. No boundaries are drawn:
// no openly licensed set of NHS region or ICB outlines can be had from a package registry.
import { all, graphql } from "../api.js";
import { activeOn, withDate } from "../date.js";
import { h, recordHref } from "../dom.js";

const NETWORK = `query Network($activeOn: Date) {
  hubs(first: 50, orderBy: [{ field: NAME, direction: ASC }], activeOn: $activeOn) {
    nodes { id name leadTrust { id name } }
  }
  alliances(first: 50, orderBy: [{ field: NAME, direction: ASC }], activeOn: $activeOn) {
    nodes { id name }
  }
  genomicMedicineCentres(first: 50, activeOn: $activeOn) {
    nodes { id name }
  }
}`;

const SITES = `query Sites($after: String) {
  sites(first: 500, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name latitude longitude
      servingHubs(first: 10) { edges { basis confidence ambiguous node { id } } }
    }
  }
}`;

// Seven colours told apart with the common colour-vision deficiencies (Okabe and Ito's set,
// with black for the seventh), each with a contrast of at least 3:1 on white.
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8B6F00", "#56308C", "#000000"];

// How a site's serving hub is known, for its marker and the key.
function servedBy(site) {
  const edges = site.servingHubs.edges;
  if (edges.length === 0) return { hub: null, how: "none" };
  if (edges.length > 1 || edges[0].ambiguous) return { hub: null, how: "ambiguous" };
  const [edge] = edges;
  return { hub: edge.node.id, how: edge.confidence === "STATED" ? "stated" : "inferred" };
}

// Web Mercator, fitted to the sites.
function projection(sites, width, height, pad) {
  const y = (lat) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const xs = sites.map((s) => s.longitude);
  const ys = sites.map((s) => y(s.latitude));
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const xSpan = ((x1 - x0) * Math.PI) / 180;
  const scale = Math.min((width - 2 * pad) / xSpan, (height - 2 * pad) / (y1 - y0));
  return (site) => [
    pad + ((site.longitude - x0) * Math.PI * scale) / 180,
    height - pad - (y(site.latitude) - y0) * scale,
  ];
}

function map(sites, hubs, colour) {
  const located = sites.filter((s) => Number.isFinite(s.latitude) && Number.isFinite(s.longitude));
  const [width, height] = [600, 720];
  const place = projection(located, width, height, 12);
  const counts = { stated: 0, inferred: 0, ambiguous: 0, none: 0 };
  const markers = located.map((site) => {
    const [x, y] = place(site);
    const { hub, how } = servedBy(site);
    counts[how]++;
    const hubName = hub ? hubs.find((x) => x.id === hub)?.name : null;
    const title = `${site.name}: ${hubName ? `${hubName} (${how})` : how === "ambiguous" ? "more than one hub, none singled out" : "no serving hub known"}`;
    const mark =
      how === "ambiguous" || how === "none"
        ? h("svg:path", {
            d: `M${x - 3},${y - 3}L${x + 3},${y + 3}M${x - 3},${y + 3}L${x + 3},${y - 3}`,
            class: "map-site map-site--ambiguous",
          })
        : h("svg:circle", {
            cx: x.toFixed(1),
            cy: y.toFixed(1),
            r: 4,
            class: `map-site map-site--${how}`,
            stroke: colour(hub),
            fill: how === "stated" ? colour(hub) : "#ffffff",
          });
    mark.setAttribute("data-href", recordHref(site.id));
    mark.append(h("svg:title", {}, title));
    return mark;
  });
  const svg = h(
    "svg:svg",
    {
      viewBox: `0 0 ${width} ${height}`,
      class: "network-map",
      role: "img",
      "aria-labelledby": "map-title",
    },
    h(
      "svg:title",
      { id: "map-title" },
      `Map of ${located.length} hospital sites in England, each coloured by the genomic laboratory hub that serves it`,
    ),
    markers,
  );
  // A click on a site opens its page. The map is a picture to a screen reader and the keyboard:
  // the hubs' lists beside it, and search, reach every site.
  svg.addEventListener("click", (event) => {
    const href = event.target.closest?.("[data-href]")?.getAttribute("data-href");
    if (href) {
      history.pushState(null, "", withDate(href));
      dispatchEvent(new PopStateEvent("popstate"));
    }
  });
  return { svg, counts, located: located.length };
}

export async function home() {
  const day = activeOn();
  const [network, sites] = await Promise.all([graphql(NETWORK, { activeOn: day }), all(SITES, {}, (d) => d.sites)]);
  const centres = network.genomicMedicineCentres.nodes;
  const hubs = network.hubs.nodes;
  const colours = new Map(hubs.map((hub, i) => [hub.id, COLOURS[i % COLOURS.length]]));
  const colour = (id) => colours.get(id) ?? "#425563";
  const drawn = map(sites, hubs, colour);
  const sitesByHub = new Map();
  for (const site of sites) {
    const { hub, how } = servedBy(site);
    const key = hub ?? how;
    sitesByHub.set(key, (sitesByHub.get(key) ?? 0) + 1);
  }

  const body = h(
    "div",
    {},
    h("h1", { tabindex: "-1" }, "The genomic medicine service network"),
    h(
      "p",
      { class: "nhsuk-lede-text" },
      `${day ? `On ${day}: ` : ""}${hubs.length} genomic laboratory hubs and ${network.alliances.nodes.length} genomic medicine service alliances${day ? ` in force, ${centres.length} Genomic Medicine Centres of the 100,000 Genomes Project; ` : ", and "}the ${sites.length} hospital sites of today's trusts.`,
    ),
    h(
      "div",
      { class: "nhsuk-grid-row" },
      h(
        "div",
        { class: "nhsuk-grid-column-two-thirds" },
        h("figure", { class: "map-figure" }, drawn.svg, h("figcaption", { class: "nhsuk-body-s" }, mapKey(drawn.counts))),
      ),
      h(
        "div",
        { class: "nhsuk-grid-column-one-third" },
        h("h2", {}, "Genomic laboratory hubs"),
        hubs.length ? null : h("p", {}, `None was in force on ${day}.`),
        h(
          "ul",
          { class: "nhsuk-list hub-list" },
          hubs.map((hub) =>
            h(
              "li",
              {},
              h("span", { class: "hub-swatch", "data-colour": colours.get(hub.id) }),
              h("a", { href: recordHref(hub.id) }, hub.name),
              h("span", { class: "hub-detail" }, "Led by ", h("a", { href: recordHref(hub.leadTrust.id) }, hub.leadTrust.name)),
              h("span", { class: "hub-detail" }, `${sitesByHub.get(hub.id) ?? 0} sites served by this hub alone`),
            ),
          ),
        ),
        h("h2", {}, "Genomic medicine service alliances"),
        network.alliances.nodes.length
          ? h(
              "ul",
              { class: "nhsuk-list alliance-list" },
              network.alliances.nodes.map((alliance) => h("li", {}, h("a", { href: recordHref(alliance.id) }, alliance.name))),
            )
          : h("p", { class: "alliance-list" }, `None was in force on ${day}.`),
        h("h2", {}, "Genomic Medicine Centres (100,000 Genomes Project)"),
        h(
          "ul",
          { class: "nhsuk-list centre-list" },
          centres.map((centre) => h("li", {}, h("a", { href: recordHref(centre.id) }, centre.name))),
        ),
      ),
    ),
  );
  return {
    title: "The network",
    body,
    // Colours are set from script through the CSSOM, which the page's policy allows.
    ready: () => {
      for (const swatch of document.querySelectorAll(".hub-swatch")) {
        swatch.style.backgroundColor = swatch.dataset.colour;
      }
    },
  };
}

function mapKey(counts) {
  return [
    h("strong", {}, "Key: "),
    `a filled circle: the hub serving the site is stated (${counts.stated}); `,
    `a hollow circle: it is inferred from the site's ICB or region (${counts.inferred}); `,
    `a cross: more than one hub could serve it, or none is known (${counts.ambiguous + counts.none}). `,
    "No boundaries are drawn.",
  ];
}
