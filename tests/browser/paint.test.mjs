// The paint budget of issue #17: the search page with results, on a slow phone (slow 4G: 150 ms
// round trip, 1.6 Mbit/s; a 4x slower CPU; harness.mjs's throttledPage, as
// benchmarks/web-paint.mjs measures it). The targets (1.0 s cold, 0.6 s repeat) are for
// a quiet machine; this test runs on a shared, loaded one, so it asserts the *shape* of the load,
// which does not depend on the machine's load, and a generous wall-clock budget on top
// (benchmarks/RESULTS.md, "Web page paint time on a slow phone", says why these numbers):
//   cold: every stylesheet and module the page needs before its results is requested in one
//         step, before the first of them arrives (no chain of imports), the search request too
//         (from the page's head), at most SHELL_FILES_BUDGET files, none of the LATER ones (the
//         Spanish strings, the suggestion list...) before the results, all compressed, at most
//         BYTES_BUDGET bytes in all, and no request blocks the first render (the stylesheet is in
//         the page);
//         results painted within COLD_BUDGET_MS;
//   repeat: once the service worker controls the page, the page and every shell file come from
//         its cache (no request for them reaches the network); results painted within
//         REPEAT_BUDGET_MS.
// Run by ctest (browser_paint_test) or: cd tests/browser && node --test paint.test.mjs

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, paintTimeline, startServer, throttledPage } from './harness.mjs';

const SHELL_FILES_BUDGET = 6; // today: 6 modules, the stylesheet inlined (11 files at c4a2031, 14 before run 2)
const BYTES_BUDGET = 64 * 1024; // today about 56 KB on the wire (gzip) with the page and API answers
// Loaded when needed, never before the first results of an English search page: the other
// language's strings, the suggestion list, the offline strings, and the installable app (after
// the results: its service worker then fetches the whole site). (The "Compare" checkbox's module
// loads with the first rated result; this query has none on its first page.)
const LATER = ['i18n/es.js', 'js/combobox.js', 'js/compare-pick.js', 'js/offline-strings.js', 'js/app-shell.js'];
const COLD_BUDGET_MS = 4000; // about 1.0 s on a quiet machine
const REPEAT_BUDGET_MS = 3000; // about 0.5 s on a quiet machine
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const PATH = '?q=victim%20services';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const isShellFile = (name) => /\.(?:js|css)$/.test(new URL(name).pathname);
const short = (name) => name.replace(server.base, '');

describe('paint budget on a slow phone', () => {
  let context;
  let page;

  it('cold: one step of requests after the page, compressed and within the budget', async () => {
    context = await browser.newContext(PHONE);
    page = await throttledPage(context);
    const t = await paintTimeline(page, server.base + PATH);
    // What the first paint waits for: module scripts, their static imports and the stylesheets
    // are fetched before DOMContentLoaded (the installable app's module comes after the load).
    const shell = t.resources.filter((r) => isShellFile(r.name) && r.start < t.navigation.domContentLoaded);
    assert.ok(shell.length >= 2, `the page loaded its modules: ${shell.map((r) => short(r.name))}`);
    const firstArrival = Math.min(...shell.map((r) => r.end));
    const late = shell.filter((r) => r.start >= firstArrival);
    assert.deepEqual(late.map((r) => short(r.name)), [],
      `requested only after another file arrived (a chain of imports; list them as <link rel="modulepreload">), first arrival at ${Math.round(firstArrival)} ms`);
    const search = t.resources.find((r) => new URL(r.name).pathname.endsWith('/api/v1/search') && r.type === 'fetch');
    assert.ok(search, 'the search request was made before the results were painted');
    assert.ok(search.start < firstArrival, `the search request starts from the page head (${Math.round(search.start)} ms), before the modules arrive (${Math.round(firstArrival)} ms)`);
    assert.ok(shell.length <= SHELL_FILES_BUDGET, `${shell.length} files before the results (budget ${SHELL_FILES_BUDGET}): ${shell.map((r) => short(r.name)).join(', ')}`);
    const early = t.resources.map((r) => short(r.name)).filter((name) => LATER.includes(name));
    assert.deepEqual(early, [], 'loaded before the results were painted, although not needed for them');
    const blocking = t.resources.filter((r) => r.renderBlocking).map((r) => short(r.name));
    assert.deepEqual(blocking, [], 'nothing blocks the first render (the server inlines the stylesheet: server/http/inline_styles.h)');
    const uncompressed = page.responses.filter((r) => isShellFile(r.url) && r.status === 200 && !r.encoding);
    assert.deepEqual(uncompressed.map((r) => short(r.url)), [], 'every stylesheet and module is sent compressed');
    const bytes = t.navigation.bytes + t.resources.reduce((sum, r) => sum + r.bytes, 0);
    assert.ok(bytes <= BYTES_BUDGET, `${bytes} bytes before the results (budget ${BYTES_BUDGET})`);
    assert.ok(t.painted <= COLD_BUDGET_MS, `results painted after ${t.painted} ms cold (budget ${COLD_BUDGET_MS} ms)`);
    console.log(`# cold: results painted after ${t.painted} ms, ${shell.length} files, ${bytes} bytes`);
  });

  it('repeat: the service worker answers the page and its files from its cache', async () => {
    assert.ok(page, 'the cold visit ran');
    await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller, null, { timeout: 60000, polling: 100 });
    await page.goto('about:blank');
    page.responses.length = 0;
    const t = await paintTimeline(page, server.base + PATH);
    const shellAnswers = page.responses.filter((r) => isShellFile(r.url) || r.url.startsWith(server.base + PATH));
    assert.ok(shellAnswers.length >= 2, `the page and its files were seen: ${page.responses.map((r) => short(r.url))}`);
    const notCached = shellAnswers.filter((r) => !(r.fromServiceWorker && r.serviceWorkerSource === 'cache-storage'));
    assert.deepEqual(notCached.map((r) => `${short(r.url)} (${r.fromServiceWorker ? 'worker: ' + r.serviceWorkerSource : 'network'})`), [],
      'answered from the service worker\'s cache');
    const api = t.resources.filter((r) => new URL(r.name).pathname.includes('/api/'));
    assert.ok(api.length >= 1, 'the API answer still comes from the server');
    assert.ok(t.painted <= REPEAT_BUDGET_MS, `results painted after ${t.painted} ms on a repeat visit (budget ${REPEAT_BUDGET_MS} ms)`);
    console.log(`# repeat: results painted after ${t.painted} ms`);
    await context.close();
  });
});
