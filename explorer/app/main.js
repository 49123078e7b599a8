// The explorer: one page whose views are drawn from the URL, so every view can be shared and
// the browser's back and forward buttons work. Links inside the explorer change the view
// without reloading; anything else is an ordinary link.
import { initAll } from "../vendor/nhsuk-frontend.min.js";
import { dateControl, withDate } from "./date.js";
import { errorPage, h } from "./dom.js";
import { home } from "./views/home.js";
import { record } from "./views/record.js";
import { search } from "./views/search.js";
import { table, tables } from "./views/table.js";
import { timeline } from "./views/timeline.js";
import { signIn } from "./views/token.js";

const main = document.getElementById("maincontent");

const routes = [
  [/^\/$/, () => home()],
  [/^\/search$/, (_, params) => search(params.get("q") ?? "")],
  [/^\/record\/(.+)$/, ([, id]) => record(decodeURIComponent(id))],
  [/^\/token$/, () => signIn()],
  [/^\/table$/, () => tables()],
  [/^\/table\/([A-Za-z]+)$/, ([, kind], params) => table(kind, params)],
  [/^\/timeline$/, () => timeline()],
];

let drawing = 0;

async function draw() {
  const turn = ++drawing;
  const url = new URL(location.href);
  const route = routes.find(([pattern]) => pattern.test(url.pathname));
  main.setAttribute("aria-busy", "true");
  let view;
  try {
    view = route
      ? await route[1](url.pathname.match(route[0]), url.searchParams)
      : { title: "Page not found", body: errorPage("Page not found", `Nothing is at ${url.pathname}.`) };
  } catch (err) {
    view =
      err.code === "UNAUTHENTICATED"
        ? { title: "Sign in", body: errorPage("This server needs a token", "Sign in with a token to read it.", "/token") }
        : { title: "Something went wrong", body: errorPage("Something went wrong", err.message) };
  }
  if (turn !== drawing) return;
  document.title = `${view.title} – gms-graph explorer`;
  main.replaceChildren(h("div", { class: "date-bar" }, dateControl(draw)), view.body);
  main.removeAttribute("aria-busy");
  for (const link of document.querySelectorAll(".nhsuk-header__navigation-link")) {
    const href = link.getAttribute("href");
    const current = href === "/" ? url.pathname === "/" : url.pathname.startsWith(href);
    if (current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  // After a move inside the explorer, the new view's heading takes the focus, as a new page's
  // start would; on the first view, focus stays at the top, where the skip link is.
  if (view.focus !== false && turn > 1) main.querySelector("h1")?.focus({ preventScroll: true });
  view.ready?.();
}

// Go to an explorer URL without reloading.
function go(href) {
  history.pushState(null, "", href);
  window.scrollTo(0, 0);
  draw();
}

document.addEventListener("click", (event) => {
  const link = event.target.closest?.("a[href]");
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (link.hasAttribute("download") || link.hasAttribute("target")) return;
  const url = new URL(link.href, location.href);
  // A link within this view (the skip link) is the browser's to follow.
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  if (url.origin !== location.origin || !routes.some(([pattern]) => pattern.test(url.pathname))) return;
  event.preventDefault();
  go(withDate(url.pathname + url.search));
});

addEventListener("popstate", draw);
// The NHS.UK components in the page's frame: the header's menu folds what does not fit.
initAll();
draw();

