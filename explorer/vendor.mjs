// Copies the front-end packages the binary embeds from node_modules into vendor/, with the few
// text changes that keep every request on the server's own origin:
// - the `@font-face` rules are dropped (GraphiQL's inline fonts, and the NHS.UK CSS's Frutiger,
//   which loads from assets.nhs.uk): pages use the system's fonts;
// - the NHS.UK CSS's root-absolute `/assets/images/` become relative `images/`, so they resolve
//   next to the CSS wherever it is served;
// - `sourceMappingURL` comments are dropped (the maps are not served).
// `node vendor.mjs --check` builds the same files in memory and exits 1 when vendor/ differs, so
// the committed files cannot drift from package-lock.json (.ci/run runs it after `npm ci`).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "vendor");

const noFonts = (css) => css.replace(/@font-face\s*\{[^}]*\}\s*/g, "");
const noMap = (text) => text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n").replace(/\/\*# sourceMappingURL=\S+ \*\/\s*$/, "\n");
const relativeImages = (css) => css.replaceAll("url(/assets/images/", "url(images/");

// [file in vendor/, package, file in the package, transforms]
const files = [
  ["react.production.min.js", "react", "umd/react.production.min.js", [noMap]],
  ["react-dom.production.min.js", "react-dom", "umd/react-dom.production.min.js", [noMap]],
  ["graphiql.min.js", "graphiql", "graphiql.min.js", [noMap]],
  ["graphiql.min.css", "graphiql", "graphiql.min.css", [noFonts, noMap]],
  ["nhsuk-frontend.min.css", "nhsuk-frontend", "dist/nhsuk/nhsuk-frontend.min.css", [noFonts, relativeImages, noMap]],
  ["nhsuk-frontend.min.js", "nhsuk-frontend", "dist/nhsuk/nhsuk-frontend.min.js", [noMap]],
  ...["cross", "arrow-up", "arrow-up-down", "arrow-down"].map((icon) => [
    `images/nhsuk-icon-${icon}.svg`,
    "nhsuk-frontend",
    `dist/nhsuk/assets/images/nhsuk-icon-${icon}.svg`,
    [],
  ]),
];

function build() {
  const built = new Map();
  const packages = new Map();
  for (const [name, pkg, path, transforms] of files) {
    let text = readFileSync(join(modules, pkg, path), "utf8");
    for (const transform of transforms) text = transform(text);
    for (const url of text.matchAll(/url\(\s*["']?(https?:)?\/\/[^)]*\)/g)) {
      throw new Error(`${name} still loads ${url[0]} from another host`);
    }
    built.set(name, text);
    const meta = JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8"));
    packages.set(pkg, `${meta.name} ${meta.version} (${meta.license})`);
  }
  const lines = [
    "# vendor/: built by `npm run vendor` from package-lock.json; do not edit",
    "",
    "Packages:",
    ...[...packages.values()].map((p) => `- ${p}`),
    "",
    "Files (sha256):",
    ...[...built].map(([name, text]) => `- ${createHash("sha256").update(text).digest("hex")} ${name}`),
    "",
  ];
  built.set("VENDOR.md", lines.join("\n"));
  return built;
}

function listed(dir, prefix = "") {
  let names = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const name = prefix + entry.name;
    if (entry.isDirectory()) names = names.concat(listed(join(dir, entry.name), `${name}/`));
    else names.push(name);
  }
  return names;
}

const built = build();
if (process.argv.includes("--check")) {
  let committed = [];
  try {
    committed = listed(out);
  } catch {
    // No vendor/ at all: every file differs.
  }
  const differing = [...built.keys()].filter((name) => {
    try {
      return readFileSync(join(out, name), "utf8") !== built.get(name);
    } catch {
      return true;
    }
  });
  const extra = committed.filter((name) => !built.has(name));
  if (differing.length || extra.length) {
    console.error(
      `explorer/vendor/ is not what package-lock.json gives: ${[...differing, ...extra].join(", ")}; run \`npm ci && npm run vendor\` in explorer/`,
    );
    process.exit(1);
  }
  console.log(`explorer/vendor/: ${built.size} files, as package-lock.json gives`);
} else {
  rmSync(out, { recursive: true, force: true });
  for (const [name, text] of built) {
    mkdirSync(dirname(join(out, name)), { recursive: true });
    writeFileSync(join(out, name), text);
  }
  console.log(`explorer/vendor/: wrote ${built.size} files`);
}
