// The explorer and GraphiQL in a real browser (Debian's Chromium, driven by puppeteer-core),
// against a live gms-graph serving the bundled network from a fresh SQLite file. The browser
// resolves no host but 127.0.0.1, and every request a page makes is recorded: a request to any
// other host, a console error or a page error fails the test. Screenshots at a laptop's and a
// phone's width are written to tests/browser/artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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
function serve(databaseUrl) {
  assert.ok(existsSync(binary), `no gms-graph binary at ${binary}: run cargo build, or set GMS_GRAPH_BIN`);
  const child = spawn(binary, ['serve', '--bind', '127.0.0.1:0', '--database-url', databaseUrl], {
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
  const clicked = await page.evaluate((text, section) => {
    let scope = document.querySelector('main');
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
  await page.waitForFunction((href) => location.pathname === decodeURIComponent(href) || location.pathname === href, {}, clicked);
  await drawn(page);
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
  await page.close();
});

test('screenshots at 1280×800 and 390×844', async () => {
  await shots('/', 'network');
  await shots('/record/Hub:north-west', 'hub');
  await shots('/search?q=Salisbury', 'search');
  await shots('/graphql', 'graphiql');
});
