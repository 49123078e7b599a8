// The explorer and GraphiQL in a real browser (Debian's Chromium, driven by puppeteer-core),
// against a live gms-graph serving the bundled network from a fresh SQLite file. The browser
// resolves no host but 127.0.0.1, and every request a page makes is recorded: a request to any
// other host, a console error or a page error fails the test. Screenshots at a laptop's and a
// phone's width are written to tests/browser/artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const binary = process.env.GMS_GRAPH_BIN ?? join(repo, 'target', 'debug', 'gms-graph');
const chromium = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const artifacts = fileURLToPath(new URL('artifacts/', import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const cleanups = [];
let origin;
let browser;

/** Starts `gms-graph serve` on a free loopback port; resolves to its origin. */
function serve(databaseUrl, extra = []) {
  assert.ok(existsSync(binary), `no gms-graph binary at ${binary}: run cargo build, or set GMS_GRAPH_BIN`);
  const child = spawn(binary, ['serve', '--bind', '127.0.0.1:0', '--database-url', databaseUrl, ...extra], {
    env: { ...process.env, RUST_LOG: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  cleanups.push(() => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  }));
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`gms-graph did not start within 60 s:\n${log}`)), 60_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const found = /serving GraphQL at (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(log);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`gms-graph exited with ${code}:\n${log}`)); });
  });
}

async function api(query, variables = {}) {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

before(async () => {
  assert.ok(existsSync(chromium), `no Chromium at ${chromium}: apt-get install -y chromium, or set CHROMIUM_BIN`);
  const dir = mkdtempSync(join(tmpdir(), 'gms-browser-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  origin = await serve(`sqlite://${join(dir, 'gms.db')}?mode=rwc`);
  mkdirSync(artifacts, { recursive: true });
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: [
      '--no-sandbox',
      // Nothing but the server resolves: a page cannot reach another host whatever it tries.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const pid = browser.process()?.pid;
  cleanups.push(async () => {
    await browser.close().catch(() => {});
    if (pid) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  });
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * A page that records what could go wrong on it: requests to other hosts (refused), failed
 * requests, console errors and warnings about the policy, and uncaught errors.
 */
async function open(path, { width = 1280, height = 800 } = {}) {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  const problems = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.origin !== origin) {
      problems.push(`a request to another origin: ${request.url()}`);
      request.abort('blockedbyclient');
    } else {
      request.continue();
    }
  });
  page.on('requestfailed', (request) => {
    if (new URL(request.url()).origin === origin) problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(`${origin}${path}`, { waitUntil: 'networkidle0' });
  return { page, problems };
}

/** Waits until the explorer has drawn its view. */
async function drawn(page) {
  await page.waitForFunction(() => {
    const main = document.getElementById('maincontent');
    return main && !main.hasAttribute('aria-busy') && main.querySelector('h1');
  }, { timeout: 20_000 });
}

async function heading(page) {
  return page.$eval('main h1', (h1) => h1.textContent.trim());
}

/** Follows the link with this text inside the section headed `section` (or anywhere). */
async function follow(page, text, section) {
  // The view drawn before the click is marked, so the wait below ends at the next one.
  await page.$eval('main h1', (h1) => { h1.dataset.left = 'yes'; });
  const clicked = await page.evaluate((text, section) => {
    let scope = document;
    if (section) {
      const h2 = [...document.querySelectorAll('main h2')].find((h) => h.textContent.trim().startsWith(section));
      scope = h2?.closest('section');
    }
    const link = [...(scope?.querySelectorAll('a[href]') ?? [])].find((a) =>
      text instanceof RegExp ? false : a.textContent.trim() === text);
    if (!link) return null;
    link.click();
    return link.getAttribute('href');
  }, text, section);
  assert.ok(clicked, `no link “${text}”${section ? ` under “${section}”` : ''} on ${page.url()}`);
  await page.waitForFunction(() => {
    const main = document.getElementById('maincontent');
    const h1 = main?.querySelector('h1');
    return h1 && !h1.dataset.left && !main.hasAttribute('aria-busy');
  }, { timeout: 20_000 });
}

/** The texts of the links under the section headed `section`. */
async function links(page, section) {
  return page.evaluate((section) => {
    const h2 = [...document.querySelectorAll('main h2')].find((h) => h.textContent.trim().startsWith(section));
    return [...(h2?.closest('section')?.querySelectorAll('a[href^="/record/"]') ?? [])].map((a) => a.textContent.trim());
  }, section);
}

async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
}

async function shots(path, name) {
  for (const [width, height, size] of [[1280, 800, 'laptop'], [390, 844, 'phone']]) {
    const { page, problems } = await open(path, { width, height });
    if (path !== '/graphql') await drawn(page);
    await page.screenshot({ path: join(artifacts, `${name}-${size}.png`), fullPage: false });
    await page.close();
    assert.deepEqual(problems, [], `${path} at ${width}×${height}`);
  }
}

/** One record's id of every kind, from the API's root connections. */
async function oneOfEachKind() {
  const { __schema } = await api(`{ __schema { queryType { fields { name args { name } type { kind name ofType { name } } } } } }`);
  const roots = __schema.queryType.fields
    .filter((f) => (f.type.ofType?.name ?? f.type.name ?? '').endsWith('Connection'))
    .filter((f) => f.args.some((a) => a.name === 'first') && !['search', 'changes'].includes(f.name));
  const data = await api(`{ ${roots.map((f) => `${f.name}(first: 1) { nodes { ... on Node { id } } }`).join(' ')} }`);
  return roots.map((f) => data[f.name].nodes[0]?.id).filter(Boolean);
}

test('the explorer opens at / with the network, and no request leaves the server', async () => {
  const { page, problems } = await open('/');
  await drawn(page);
  assert.equal(await heading(page), 'The genomic medicine service network');
  const sites = await page.$$eval('svg.network-map .map-site', (marks) => marks.length);
  const { sites: { totalCount } } = await api('{ sites { totalCount } }');
  assert.ok(sites > 0 && sites <= totalCount, `${sites} sites on the map of ${totalCount}`);
  assert.equal((await links(page, 'Genomic laboratory hubs')).length, 0, 'hub links are not in a section');
  const hubs = await page.$$eval('.hub-list a[href^="/record/Hub:"]', (a) => a.length);
  assert.equal(hubs, 7);
  assert.deepEqual(problems, []);
  assert.deepEqual(await axe(page), []);
  await page.close();
});

test('the pages and their assets carry a same-origin policy and hashed, long-cached names', async () => {
  for (const path of ['/', '/graphql', '/search', '/record/Hub:north-west']) {
    const response = await fetch(`${origin}${path}`, { headers: { accept: 'text/html' } });
    assert.equal(response.status, 200, path);
    const policy = response.headers.get('content-security-policy') ?? '';
    assert.match(policy, /default-src 'self'/, path);
    assert.match(policy, /script-src 'self'(;|$)/, path);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|https?:|\*/, path);
    const html = await response.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    assert.ok(assets.length >= 3, `${path} names its assets`);
    for (const asset of assets) {
      assert.match(asset, /^\/assets\/[0-9a-f]{12}\//);
      const got = await fetch(`${origin}${asset}`);
      assert.equal(got.status, 200, asset);
      assert.equal(got.headers.get('cache-control'), 'public, max-age=31536000, immutable', asset);
      await got.arrayBuffer();
    }
  }
  const missing = await fetch(`${origin}/assets/000000000000/app/nothing.js`);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).errors[0].extensions.code, 'NOT_FOUND');
});

test('a page for a record of every kind, each loading clean and passing axe', async () => {
  const ids = await oneOfEachKind();
  assert.ok(ids.length >= 12, `records of ${ids.length} kinds`);
  for (const id of ids) {
    const { page, problems } = await open(`/record/${id}`);
    await drawn(page);
    const text = await page.$eval('main', (main) => main.textContent);
    assert.ok(text.includes(id), `${id}'s page shows its id`);
    assert.doesNotMatch(await heading(page), /went wrong|not found/i, id);
    assert.deepEqual(problems, [], id);
    assert.deepEqual(await axe(page), [], id);
    await page.close();
  }
});

test('an unknown record or kind says so, with no console error', async () => {
  for (const [path, says] of [['/record/Hub:nowhere', 'No Hub has the id Hub:nowhere.'], ['/record/Nothing:1', 'no kind of record called']]) {
    const { page, problems } = await open(path);
    await drawn(page);
    assert.equal(await heading(page), 'Record not found');
    assert.ok((await page.$eval('main', (m) => m.textContent)).includes(says), path);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('a click path: an alliance, a region it covers, a hub there, its lead trust, the hubs it leads', async () => {
  const { alliances } = await api(`{ alliances(first: 10) { nodes { name regions(first: 10) { nodes { name hubs(first: 10) { nodes { name leadTrust { name ledHubs(first: 10) { nodes { name } } } } } } } } } }`);
  const alliance = alliances.nodes.find((a) => a.regions.nodes.some((r) => r.hubs.nodes.length));
  const region = alliance.regions.nodes.find((r) => r.hubs.nodes.length);
  const hub = region.hubs.nodes[0];

  const { page, problems } = await open('/');
  await drawn(page);
  await follow(page, alliance.name);
  assert.equal(await heading(page), alliance.name);
  await follow(page, region.name, 'Regions');
  assert.equal(await heading(page), region.name);
  await follow(page, hub.name, 'Hubs');
  assert.equal(await heading(page), hub.name);
  await follow(page, hub.leadTrust.name, 'Lead trust');
  assert.equal(await heading(page), hub.leadTrust.name);
  assert.deepEqual(await links(page, 'Led hubs'), hub.leadTrust.ledHubs.nodes.map((h) => h.name));
  assert.ok((await links(page, 'Led hubs')).includes(hub.name));
  // Back returns along the path.
  await page.goBack();
  await drawn(page);
  assert.equal(await heading(page), hub.name);
  assert.deepEqual(problems, []);
  await page.close();
});

test('search as you type reaches Salisbury’s site, its trust and the hub that serves it', async () => {
  const { page, problems } = await open('/search');
  await drawn(page);
  await page.type('#search-text', 'Salisbury', { delay: 20 });
  await page.waitForFunction(() => /match/.test(document.getElementById('search-status')?.textContent ?? ''), { timeout: 10_000 });
  assert.match(page.url(), /\/search\?q=Salisbury$/);
  const { search } = await api(`{ search(text: "Salisbury", first: 50) { edges { node { __typename ... on Node { id } } } } }`);
  const shown = await page.$$eval('.search-results a', (a) => a.map((x) => x.getAttribute('href')));
  assert.deepEqual(shown, search.edges.map((e) => `/record/${e.node.id}`), 'in the API’s rank order');
  const site = search.edges.find((e) => e.node.__typename === 'Site');
  assert.ok(site, 'a site matches Salisbury');
  const { node } = await api(`query($id: ID!) { node(id: $id) { ... on Site { name trust { name } servingHubs { nodes { name } } } } }`, { id: site.node.id });
  assert.ok(node.servingHubs.nodes.length > 0, 'the API names a hub serving Salisbury');

  await follow(page, node.name);
  assert.equal(await heading(page), node.name);
  assert.deepEqual(await links(page, 'Serving hubs'), node.servingHubs.nodes.map((h) => h.name));
  await follow(page, node.trust.name, 'Trust');
  assert.equal(await heading(page), node.trust.name);
  await page.goBack();
  await drawn(page);
  await follow(page, node.servingHubs.nodes[0].name, 'Serving hubs');
  assert.equal(await heading(page), node.servingHubs.nodes[0].name);
  assert.deepEqual(problems, []);
  assert.deepEqual(await axe(page), []);
  await page.close();
});

test('GraphiQL loads from the server alone and runs the README’s mission traversal', async () => {
  const { page, problems } = await open('/graphql');
  await page.waitForSelector('.graphiql-execute-button', { timeout: 20_000 });
  await page.click('.graphiql-execute-button');
  // The result editor draws only the lines in view: its whole text comes from CodeMirror.
  await page.waitForFunction(
    () => /leadTrust/.test(document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? ''),
    { timeout: 20_000 },
  );
  const answer = await page.$eval('.graphiql-response .CodeMirror', (el) => el.CodeMirror.getValue());
  const { hubs } = await api('{ hubs { nodes { leadTrust { odsCode } } } }');
  for (const hub of hubs.nodes) assert.ok(answer.includes(hub.leadTrust.odsCode), hub.leadTrust.odsCode);
  assert.deepEqual(problems, []);
  assert.deepEqual(await axe(page), []);
  await page.close();
});

/** Parses CSV as RFC 4180 writes it. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  return rows;
}

test('a table pages, orders and filters through the URL, and its CSV holds the same rows as the API', async () => {
  const { page, problems } = await open('/table/Trust');
  await drawn(page);
  assert.equal(await heading(page), 'Trust');
  await page.type('#name-contains', 'Hospital');
  await page.select('#order-field', 'NAME');
  await page.select('#order-direction', 'DESC');
  await page.select('#page-size', '25');
  await page.click('.table-controls button[type=submit]');
  await page.waitForFunction(() => location.search.includes('orderBy'));
  await drawn(page);
  const url = new URL(page.url());
  assert.deepEqual(JSON.parse(url.searchParams.get('filter')), { name: { contains: 'Hospital' } });
  assert.deepEqual(JSON.parse(url.searchParams.get('orderBy')), [{ field: 'NAME', direction: 'DESC' }]);

  const { trusts } = await api(`{ trusts(filter: { name: { contains: "Hospital" } }, orderBy: [{ field: NAME, direction: DESC }], first: 25) {
    totalCount pageInfo { endCursor } nodes { id odsCode name region { id name } } } }`);
  const shownIds = await page.$$eval('.data-table tbody tr td:first-child', (cells) => cells.map((c) => c.textContent.trim()));
  assert.deepEqual(shownIds, trusts.nodes.map((t) => t.id));
  assert.ok(trusts.totalCount > 25, 'more than one page');

  // The CSV of this page: the same rows, in the same order, from its link.
  const href = await page.$eval('a.csv-page', (a) => a.getAttribute('href'));
  const response = await fetch(`${origin}${href}`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/csv/);
  const rows = parseCsv(await response.text());
  const header = rows[0];
  const at = (name) => header.indexOf(name);
  assert.deepEqual(rows.slice(1).map((r) => [r[at('id')], r[at('odsCode')], r[at('name')], r[at('region.id')], r[at('region.name')]]),
    trusts.nodes.map((t) => [t.id, t.odsCode, t.name, t.region.id, t.region.name]));
  // The CSV of every row has them all.
  const allHref = await page.$eval('a.csv-all', (a) => a.getAttribute('href'));
  const everything = parseCsv(await (await fetch(`${origin}${allHref}`)).text());
  assert.equal(everything.length - 1, trusts.totalCount);

  // Next goes on from the API's end cursor; Previous comes back.
  await follow(page, 'Next');
  assert.equal(new URL(page.url()).searchParams.get('after'), trusts.pageInfo.endCursor);
  await follow(page, 'Previous');
  const back = await page.$$eval('.data-table tbody tr td:first-child', (cells) => cells.map((c) => c.textContent.trim()));
  assert.deepEqual(back, trusts.nodes.map((t) => t.id));
  assert.deepEqual(problems, []);
  assert.deepEqual(await axe(page), []);
  await page.close();
});

test('activeOn set to 2016 shows the Genomic Medicine Centres and no alliances, and follows the links', async () => {
  const { genomicMedicineCentres, alliances } = await api(`{ genomicMedicineCentres(activeOn: "2016-06-01") { totalCount nodes { name } } alliances(activeOn: "2016-06-01") { totalCount } }`);
  assert.ok(genomicMedicineCentres.totalCount > 0);
  assert.equal(alliances.totalCount, 0);

  const { page, problems } = await open('/');
  await drawn(page);
  assert.ok((await page.$$('.alliance-list li')).length > 0, 'alliances today');
  await page.$eval('#active-on', (input) => { input.value = '2016-06-01'; });
  await page.click('.date-control button[type=submit]');
  await page.waitForFunction(() => location.search.includes('activeOn=2016-06-01'));
  await drawn(page);
  assert.equal(await page.$$eval('.alliance-list li', (li) => li.length), 0);
  assert.deepEqual(await page.$$eval('.centre-list a', (a) => a.map((x) => x.textContent.trim()).sort()),
    genomicMedicineCentres.nodes.map((c) => c.name).sort());
  // The day goes with the links inside the explorer.
  await follow(page, 'Tables');
  assert.equal(new URL(page.url()).searchParams.get('activeOn'), '2016-06-01');
  const counts = await page.$$eval('main tbody tr', (rows) => Object.fromEntries(rows.map((r) => [r.cells[0].textContent.trim(), Number(r.cells[1].textContent)])));
  assert.equal(counts['Alliance'], 0);
  assert.equal(counts['Genomic medicine centre'], genomicMedicineCentres.totalCount);
  assert.deepEqual(problems, []);
  assert.deepEqual(await axe(page), []);
  await page.close();
});

test('the timeline lists the dated events, oldest first, with links to what they concern', async () => {
  const { timeline } = await api('{ timeline(first: 500) { totalCount nodes { id } } }');
  const { page, problems } = await open('/timeline');
  await drawn(page);
  const shown = await page.$$eval('.timeline-event > p:nth-child(2) a', (a) => a.map((x) => decodeURIComponent(x.getAttribute('href').slice('/record/'.length))));
  assert.deepEqual(shown, timeline.nodes.map((e) => e.id));
  assert.deepEqual(problems, []);
  assert.deepEqual(await axe(page), []);
  await page.close();
});

test('with the keyboard alone: skip to the content, search, and open a result', async () => {
  const { page, problems } = await open('/search');
  await drawn(page);
  // Focus starts in the search box; the words go in from the keyboard.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-text');
  await page.keyboard.type('Salisbury District');
  await page.waitForFunction(() => document.querySelectorAll('.search-results a').length > 0, { timeout: 10_000 });
  const target = await page.$eval('.search-results a', (a) => a.textContent.trim());
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate((text) => document.activeElement?.textContent.trim() === text, target);
  }
  assert.ok(reached, `Tab reaches “${target}”`);
  // A visible focus style: the NHS.UK focus colour, not nothing.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).backgroundColor);
  assert.notEqual(outline, 'rgba(0, 0, 0, 0)');
  await page.$eval('main h1', (h1) => { h1.dataset.left = 'yes'; });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('main h1')?.dataset.left && !document.getElementById('maincontent').hasAttribute('aria-busy'));
  assert.equal(await heading(page), target);
  // The new view's heading has the focus, so a screen reader starts there.
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  // From the top of a page, the first Tab is the skip link.
  await page.goto(`${origin}/`, { waitUntil: 'networkidle0' });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent.trim()), 'Skip to main content');
  assert.deepEqual(problems, []);
  await page.close();
});

// A token made with the real binary, as an admin would: the last line it prints.
function createToken(url, name, role) {
  const printed = execFileSync(binary, ['token', 'create', '--name', name, '--role', role, '--database-url', url], { encoding: 'utf8' });
  return printed.trim().split('\n').pop().trim();
}

// Signs in on the token page the page is on, and waits to be told so.
async function signIn(page, token) {
  await page.type('#token', token);
  await page.click('#sign-in button[type=submit]');
  await page.waitForFunction(() => /Signed in/.test(document.querySelector('main [role=status]')?.textContent ?? ''), { timeout: 10_000 });
}

test('under --require-auth the explorer asks for a token and keeps it for the tab only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gms-browser-auth-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const url = `sqlite://${join(dir, 'gms.db')}?mode=rwc`;
  const secured = await serve(url, ['--require-auth']);
  const token = createToken(url, 'browser test', 'viewer');

  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(err.message));
  await page.goto(`${secured}/`, { waitUntil: 'networkidle0' });
  await drawn(page);
  assert.equal(await heading(page), 'This server needs a token');
  await follow(page, 'Sign in with a token');
  assert.deepEqual(await axe(page), [], 'the sign-in page');
  await signIn(page, token);
  await follow(page, 'Back to the network');
  assert.equal(await heading(page), 'The genomic medicine service network');
  // Kept in sessionStorage, not in localStorage or a cookie.
  assert.equal(await page.evaluate(() => sessionStorage.getItem('gms-graph-token')), token);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).length + document.cookie.length), 0);
  // The CSV links send it too (a plain link could not).
  await page.goto(`${secured}/table/Hub`, { waitUntil: 'networkidle0' });
  await drawn(page);
  const sent = new Promise((resolve) => page.on('request', (r) => { if (r.url().includes('/export/Hub.csv')) resolve(r.headers().authorization); }));
  const answered = new Promise((resolve) => page.on('response', (r) => { if (r.url().includes('/export/Hub.csv')) resolve(r.status()); }));
  await page.click('a.csv-all');
  assert.equal(await sent, `Bearer ${token}`);
  assert.equal(await answered, 200);
  // And so does GraphiQL, in the same tab.
  await page.goto(`${secured}/graphql`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('.graphiql-execute-button', { timeout: 20_000 });
  await page.click('.graphiql-execute-button');
  await page.waitForFunction(
    () => /leadTrust/.test(document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? ''),
    { timeout: 20_000 },
  );
  // Another tab starts without it.
  const other = await context.newPage();
  await other.goto(`${secured}/`, { waitUntil: 'networkidle0' });
  await drawn(other);
  assert.equal(await heading(other), 'This server needs a token');
  // A wrong token is refused, and not kept.
  await other.goto(`${secured}/token`, { waitUntil: 'networkidle0' });
  await drawn(other);
  await other.type('#token', 'not-a-token');
  await other.click('#sign-in button[type=submit]');
  await other.waitForFunction(() => /refused/.test(document.querySelector('main [role=status]')?.textContent ?? ''), { timeout: 10_000 });
  assert.equal(await other.evaluate(() => sessionStorage.getItem('gms-graph-token')), null);
  // A viewer is told the history is for editors; an editor sees it, the seed's change first.
  // (Back to the first tab: a tab behind another draws no frames, and the waits poll on frames.)
  await page.bringToFront();
  await page.goto(`${secured}/record/Hub:north-west`, { waitUntil: 'networkidle0' });
  await drawn(page);
  await page.waitForFunction(() => document.querySelector('#history-section p, #history-section table'));
  assert.match(await page.$eval('#history-section', (s) => s.textContent), /neither role/);
  const editor = createToken(url, 'browser editor', 'editor');
  await page.goto(`${secured}/token`, { waitUntil: 'networkidle0' });
  await drawn(page);
  await signIn(page, editor);
  await page.goto(`${secured}/record/Hub:north-west`, { waitUntil: 'networkidle0' });
  await drawn(page);
  await page.waitForSelector('#history-section table tbody tr', { timeout: 10_000 });
  const actors = await page.$$eval('#history-section tbody tr td:nth-child(2)', (cells) => cells.map((c) => c.textContent));
  assert.ok(actors.length > 0 && actors[0].startsWith('seed:'), actors.join(', '));
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots at 1280×800 and 390×844', async () => {
  await shots('/', 'network');
  await shots('/record/Hub:north-west', 'hub');
  await shots('/search?q=Salisbury', 'search');
  await shots('/graphql', 'graphiql');
  await shots('/table/Site', 'table');
  await shots('/timeline', 'timeline');
});
