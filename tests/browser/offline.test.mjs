// The installable app and its offline features (issue 21), in Debian's Chromium: the manifest and
// the service worker, the shell after a new version, saved toolkits read offline, offline search,
// edits made offline (sent later, conflicts shown), the whole library, the quick exit and the
// safety page's wipe. One server for the file, on the test library (tests/testdata/library) and a
// copy of web/ (the update test changes the copy's service worker).
//   cd tests/browser && node --test offline.test.mjs

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  SOURCE_DIR, apiGet, assertNoPageErrors, axeChecked, checkA11y, horizontalOverflow, launchBrowser, newPage, screenshot, startServer,
} from './harness.mjs';

let server;
let browser;
let base;
let webCopy;

before(async () => {
  webCopy = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-offline-web-'));
  fs.cpSync(path.join(SOURCE_DIR, 'web'), webCopy, { recursive: true });
  server = await startServer({ corpus: path.join(SOURCE_DIR, 'tests', 'testdata', 'library'), web: webCopy });
  base = server.base;
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (webCopy) fs.rmSync(webCopy, { recursive: true, force: true });
  if (axeChecked.length) console.log(`# axe-core checked ${axeChecked.length} page states: ${axeChecked.join(', ')}`);
});

// A page in a fresh context where the service worker may install (phone-sized unless told).
async function appPage(options = {}) {
  return newPage(browser, { serviceWorkers: 'allow', viewport: { width: 390, height: 844 }, ...options });
}

// Offline, the browser logs each request it could not send (the API calls the pages try first):
// expected here, anything else is an error.
function assertNoErrorsButOffline(page) {
  page.errors = page.errors.filter((e) => !/net::ERR_INTERNET_DISCONNECTED/.test(e));
  assertNoPageErrors(page);
}

// Waits until the service worker controls the page (the first worker claims the page it installs from).
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
}

async function shellVersion(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    navigator.serviceWorker.controller.postMessage({ type: 'version' }, [channel.port2]);
  }));
}

describe('the installable app', () => {
  it('passes the installability checks: manifest fields, icon sizes, a controlling worker, a secure origin', async () => {
    // Our own version of the browser's checks (as Lighthouse's "installable" audit makes them).
    const res = await fetch(base + 'manifest.webmanifest');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/manifest+json');
    const manifest = await res.json();
    for (const field of ['name', 'short_name', 'start_url', 'display', 'theme_color', 'background_color', 'icons', 'id']) {
      assert.ok(manifest[field], `manifest has ${field}`);
    }
    assert.ok(['standalone', 'fullscreen', 'minimal-ui'].includes(manifest.display), 'an app display mode');
    // Home screens show about 12 to 15 characters under an icon before cutting the name.
    assert.ok(manifest.short_name.length <= 15, 'a short name that fits under an icon');
    assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);
    const sizes = new Set();
    for (const icon of manifest.icons) {
      const file = await fetch(new URL(icon.src, base + 'manifest.webmanifest'));
      assert.equal(file.status, 200, icon.src);
      assert.equal(file.headers.get('content-type'), icon.type, icon.src);
      const bytes = Buffer.from(await file.arrayBuffer());
      if (icon.type === 'image/png') {
        // The PNG header's width and height must be the size the manifest claims.
        assert.equal(bytes.subarray(1, 4).toString(), 'PNG', icon.src);
        const size = `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
        assert.equal(size, icon.sizes, icon.src);
        sizes.add(`${icon.purpose}:${size}`);
      }
    }
    for (const needed of ['any:192x192', 'any:512x512', 'maskable:512x512']) assert.ok(sizes.has(needed), `an icon ${needed}`);

    // The worker script: JavaScript, never cached long (so updates are found), a policy that lets it fetch.
    const sw = await fetch(base + 'sw.js');
    assert.equal(sw.status, 200);
    assert.match(sw.headers.get('content-type'), /^text\/javascript/);
    assert.equal(sw.headers.get('cache-control'), 'no-cache');
    assert.match(sw.headers.get('content-security-policy'), /connect-src 'self'/);

    // In the browser, under the pages' real policy (no bypass): the manifest link, the worker
    // controlling the page, the start URL inside the scope, localhost (a secure context).
    const context = await browser.newContext({ serviceWorkers: 'allow', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (msg) => { if (msg.type() === 'error' && !/ERR_INTERNET_DISCONNECTED/.test(msg.text())) errors.push(msg.text()); });
    page.on('pageerror', (err) => errors.push(err.message));
    for (const p of ['', 'resource.html', 'toolkit.html', 'safety.html', 'offline.html']) {
      await page.goto(base + p);
      const link = await page.evaluate(() => {
        const l = document.querySelector('link[rel="manifest"]');
        return l && l.href;
      });
      assert.equal(link, base + 'manifest.webmanifest', `${p || 'index'} links the manifest`);
      assert.equal(await page.locator('meta[name="theme-color"]').getAttribute('content'), manifest.theme_color);
    }
    await page.goto(base);
    await controlled(page);
    const facts = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { secure: window.isSecureContext, scope: reg.scope, script: reg.active.scriptURL, host: location.hostname };
    });
    assert.ok(facts.secure, 'a secure context (HTTPS or localhost)');
    assert.ok(facts.host === '127.0.0.1' || facts.host === 'localhost' || base.startsWith('https:'));
    assert.equal(facts.scope, base);
    assert.equal(facts.script, base + 'sw.js');
    const start = new URL(manifest.start_url, base + 'manifest.webmanifest').href;
    assert.ok(start.startsWith(facts.scope), 'start_url is inside the worker scope');
    // The start URL opens offline (what the browser checks before offering to install).
    await context.setOffline(true);
    await page.goto(start);
    assert.match(await page.locator('h1').textContent(), /Find resources/);
    await context.setOffline(false);
    assert.deepEqual(errors, [], 'no CSP violations or errors with the worker');
    await context.close();
  });

  it('keeps the app shell: every page opens offline after one visit', async () => {
    const page = await appPage();
    await page.goto(base);
    await controlled(page);
    const { cache } = await shellVersion(page);
    const kept = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url), cache);
    // (No css/site.css: the server serves the pages with the stylesheet inline.)
    for (const file of ['', 'index.html', 'resource.html', 'toolkit.html', 'safety.html', 'offline.html',
      'i18n/es.js', 'js/combobox.js', 'js/search.js', 'js/app-shell.js', 'js/common.js', 'manifest.webmanifest', 'icons/icon-192.png']) {
      assert.ok(kept.includes(base + file), `the shell cache holds ${file || '/'}`);
    }
    assert.ok(!kept.some((u) => u.includes('/api/')), 'no API answers in the shell cache');
    assert.ok(!kept.some((u) => u.includes('?')), 'no query strings in the shell cache');
    await page.context().setOffline(true);
    for (const [p, heading] of [['safety.html', 'Browsing safely'], ['offline.html', 'Offline use'], ['toolkit.html', 'Toolkit builder']]) {
      await page.goto(base + p);
      assert.equal(await page.locator('h1').first().textContent(), heading, p);
    }
    // Switching language offline: the Spanish strings, loaded only on demand (js/i18n.js), are
    // kept by the worker although the English pages never loaded them.
    await page.goto(base + 'safety.html?lang=es');
    await page.waitForFunction(() => document.documentElement?.lang === 'es');
    assert.equal(await page.locator('h1').first().textContent(), 'Navegar con seguridad', 'safety.html?lang=es offline');
    await page.goto(base + 'safety.html?lang=en');
    await checkA11y(page, 'offline: toolkit builder offline');
    await page.goto(base + 'offline.html');
    await checkA11y(page, 'offline: settings page offline');
    await page.context().setOffline(false);
    assertNoErrorsButOffline(page);
    await page.context().close();
  });
});

// What this browser keeps offline: the ids in the offline database (without creating it).
async function onDevice(page) {
  return page.evaluate(async () => {
    const none = { toolkits: [], resources: [], queue: [] };
    if (!(await indexedDB.databases()).some((d) => d.name === 'clearinghouse-offline')) return none;
    return new Promise((resolve) => {
      const req = indexedDB.open('clearinghouse-offline');
      req.onerror = () => resolve(none);
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction(['toolkits', 'resources', 'queue'], 'readonly');
        const out = {};
        for (const name of ['toolkits', 'resources', 'queue']) tx.objectStore(name).getAllKeys().onsuccess = (e) => { out[name] = e.target.result; };
        tx.oncomplete = () => { db.close(); resolve(out); };
      };
    });
  });
}

async function waitForDevice(page, check, what) {
  for (let i = 0; i < 100; i++) {
    if (check(await onDevice(page))) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`the device never held ${what}: ${JSON.stringify(await onDevice(page))}`);
}

const SAVED = ['alpr-data-retention-model-policy', 'vacant-lot-greening-fact-sheet'];
const VACANT_LOT_TITLE = 'Greening Vacant Lots to Reduce Violence';

describe('offline reading, search and edits', () => {
  let context;
  let page;
  let toolkitId;

  before(async () => {
    page = await appPage();
    context = page.context();
  });
  after(async () => {
    if (context) await context.close();
  });

  it('keeps a saved toolkit and its resources, readable offline after a reload', async () => {
    await page.goto(base);
    await controlled(page);
    for (const id of SAVED) {
      await page.goto(base + 'resource.html?id=' + id);
      await page.click('#add-to-toolkit');
    }
    await page.goto(base + 'toolkit.html');
    await page.fill('#tk-title', 'Sample field kit');
    await page.click('#save-button');
    await page.waitForSelector('#share-box:not([hidden])');
    toolkitId = new URL(await page.inputValue('#share-url')).searchParams.get('id');
    await waitForDevice(page, (d) => d.toolkits.includes(toolkitId) && SAVED.every((id) => d.resources.includes(id)), 'the toolkit');

    // Online, the toolkit's page says it is kept.
    await page.goto(base + 'toolkit.html?id=' + toolkitId);
    await page.waitForSelector('#offline-note');
    await page.waitForFunction(() => /Saved for offline use · updated just now/.test(document.getElementById('offline-note').textContent));

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('#view:not([hidden])');
    assert.equal(await page.locator('#page-title').textContent(), 'Sample field kit');
    assert.match(await page.locator('#offline-note').textContent(), /You are offline: this is the copy saved on this device, updated just now/);
    assert.equal(await page.locator('.view-items li').count(), SAVED.length);
    await checkA11y(page, 'offline: saved toolkit read offline');
    await page.click('.view-items li:first-child h3 a');
    await page.waitForSelector('#resource:not([hidden])');
    assert.match(await page.locator('#resource-title').textContent(), /License Plate Readers/);
    assert.match(await page.locator('#resource-body').textContent(), /Retention/);
    assert.match(await page.locator('#resource-offline').textContent(), /this is the copy saved on this device/);
    await page.reload();
    await page.waitForSelector('#resource:not([hidden])');
    assert.match(await page.locator('#resource-title').textContent(), /License Plate Readers/);
    await checkA11y(page, 'offline: resource read offline');
    // A resource that is not on the device says so.
    await page.goto(base + 'resource.html?id=rtcc-planning-guide');
    await page.waitForFunction(() => /not saved on this device/.test(document.getElementById('resource-status').textContent));
    await context.setOffline(false);
    assertNoErrorsButOffline(page);
  });

  it('keeps a toolkit the user opened (featured), and can remove it from the device', async () => {
    await page.goto(base + 'toolkit.html?id=crime-gun-intelligence');
    await page.waitForFunction(() => /Saved for offline use/.test((document.getElementById('offline-note') || {}).textContent || ''));
    await waitForDevice(page, (d) => d.toolkits.includes('crime-gun-intelligence') && d.resources.includes('nibin-lead-tracker-tool'), 'the featured toolkit');
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('#view:not([hidden])');
    assert.equal(await page.locator('#page-title').textContent(), 'Crime Gun Intelligence');
    await context.setOffline(false);
    await page.reload();
    await page.waitForSelector('#remove-offline');
    await page.click('#remove-offline');
    await waitForDevice(page, (d) => !d.toolkits.includes('crime-gun-intelligence') && !d.resources.includes('nibin-lead-tracker-tool'), 'nothing of the removed toolkit');
    assertNoErrorsButOffline(page);
  });

  it('searches the device offline, and says the results come from it', async () => {
    await context.setOffline(true);
    await page.goto(base + '?q=license%20plate');
    await page.waitForSelector('#offline-results:not([hidden])');
    assert.match(await page.locator('#offline-results').textContent(), /You are offline\. These results come from the 2 resources saved on this device/);
    const titles = await page.locator('#results-list .result h3').allTextContents();
    assert.deepEqual(titles, ['Model Policy: License Plate Readers, Data Retention and Sharing']);
    assert.equal(await page.locator('#results-list .offline-note').first().textContent(), 'Saved on this device');
    assert.ok(await page.locator('#results-list mark').count() > 0, 'the words are marked');
    await checkA11y(page, 'offline: search results from the device');
    await screenshot(page, 'offline-search-phone');
    // The last word is a prefix; plurals and endings match (greening, lots).
    await page.goto(base + '?q=vacant%20lots%20green');
    await page.waitForSelector('#offline-results:not([hidden])');
    assert.deepEqual(await page.locator('#results-list .result h3').allTextContents(), [VACANT_LOT_TITLE]);
    // Not on the device: said plainly.
    await page.goto(base + '?q=podcast');
    await page.waitForSelector('#offline-results:not([hidden])');
    assert.match(await page.locator('#offline-results').textContent(), /Nothing saved on this device matches/);
    await context.setOffline(false);
    assertNoErrorsButOffline(page);
  });

  it('queues an edit made offline and sends it with If-Match when back online', async () => {
    await page.goto(base + 'toolkit.html');
    await context.setOffline(true);
    await page.fill('#tk-title', 'Sample field kit, edited offline');
    await page.click('#save-button');
    await page.waitForFunction(() => /your changes are saved on this device/.test(document.getElementById('save-message').textContent));
    assert.match(await page.locator('#save-state').textContent(), /Changes waiting to be sent/);
    await waitForDevice(page, (d) => d.queue.includes(toolkitId), 'the queued edit');
    await checkA11y(page, 'offline: edit queued');
    await context.setOffline(false);
    await page.waitForFunction(() => /Your offline changes were sent/.test(document.getElementById('save-message').textContent), null, { timeout: 15000 });
    const saved = await apiGet(base, 'api/v1/toolkits/' + toolkitId);
    assert.equal(saved.title, 'Sample field kit, edited offline');
    assert.equal(saved.version, 2);
    await waitForDevice(page, (d) => d.queue.length === 0, 'an empty queue');
    assertNoErrorsButOffline(page);
  });

  it('shows a conflict when the toolkit changed elsewhere meanwhile, and loses nothing', async () => {
    await page.goto(base + 'toolkit.html');
    await context.setOffline(true);
    await page.fill('#tk-description', 'Written offline in the field.');
    await page.click('#save-button');
    await page.waitForFunction(() => /your changes are saved on this device/.test(document.getElementById('save-message').textContent));
    // Someone with the key changes it meanwhile (version 2 -> 3).
    const key = await page.evaluate((id) => JSON.parse(localStorage.getItem('clearinghouse.toolkit.keys.v1'))[id].key, toolkitId);
    const elsewhere = await fetch(base + 'api/v1/toolkits/' + toolkitId, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + key, 'If-Match': '2' },
      body: JSON.stringify({ title: 'Changed elsewhere' }),
    });
    assert.equal(elsewhere.status, 200, await elsewhere.text());
    await context.setOffline(false);
    await page.waitForSelector('#conflict-overwrite', { timeout: 15000 });
    assert.match(await page.locator('#save-message').textContent(), /changed somewhere else while you were offline/);
    assert.equal(await page.inputValue('#tk-description'), 'Written offline in the field.', 'the offline edit is still there');
    await waitForDevice(page, (d) => d.queue.includes(toolkitId), 'the edit kept as a conflict');
    await checkA11y(page, 'offline: conflict');
    await page.click('#conflict-overwrite');
    await page.waitForFunction(() => /Your changes are saved/.test(document.getElementById('save-message').textContent));
    const saved = await apiGet(base, 'api/v1/toolkits/' + toolkitId);
    assert.equal(saved.description, 'Written offline in the field.');
    assert.equal(saved.version, 4);
    await waitForDevice(page, (d) => d.queue.length === 0, 'an empty queue');
    assertNoErrorsButOffline(page);
  });

  it('creates a toolkit made offline when back online, and lists what the device holds', async () => {
    await page.goto(base + 'toolkit.html');
    await page.click('#new-toolkit');
    await context.setOffline(true);
    await page.goto(base + 'resource.html?id=' + SAVED[1]);
    await page.waitForSelector('#resource:not([hidden])');
    await page.click('#add-to-toolkit');
    await page.goto(base + 'toolkit.html');
    await page.fill('#tk-title', 'Sample kit started offline');
    await page.click('#save-button');
    await page.waitForFunction(() => /your changes are saved on this device/.test(document.getElementById('save-message').textContent));
    await context.setOffline(false);
    await page.waitForSelector('#share-box:not([hidden])', { timeout: 15000 });
    const id = new URL(await page.inputValue('#share-url')).searchParams.get('id');
    assert.notEqual(id, toolkitId);
    const created = await apiGet(base, 'api/v1/toolkits/' + id);
    assert.equal(created.title, 'Sample kit started offline');
    assert.deepEqual(created.items.map((it) => it.resource_id), [SAVED[1]]);

    // The created toolkit is stored on the device just after the share box shows: wait for the
    // store (bounded), since the offline page lists what it holds when it loads.
    for (let i = 0; i < 60 && (await onDevice(page)).toolkits.length < 2; i += 1) {
      await page.waitForTimeout(250);
    }
    assert.equal((await onDevice(page)).toolkits.length, 2, 'both toolkits are kept on the device');
    await page.goto(base + 'offline.html');
    await page.waitForFunction(() => document.querySelectorAll('#device-toolkits li').length === 2);
    assert.match(await page.locator('#device-summary').textContent(), /On this device: 2 toolkits, 2 resources/);
    assert.deepEqual(await page.locator('#device-toolkits li a').allTextContents(), ['Sample field kit, edited offline', 'Sample kit started offline']);
    assert.equal(await page.inputValue('#storage-limit'), String(100 * 1024 * 1024), 'the default limit is shown');
    // "Update now": the toolkits read again, their resources through the changes feed since the
    // stored generation.
    await page.click('#refresh-now');
    await page.waitForFunction(() => /Everything saved on this device is up to date \(checked just now\)/.test(document.getElementById('refresh-status').textContent), null, { timeout: 15000 });
    assert.deepEqual((await onDevice(page)).resources.sort(), [...SAVED].sort());
    await checkA11y(page, 'offline: settings with saved toolkits');
    await screenshot(page, 'offline-settings-phone', { fullPage: true });
    const overflow = await horizontalOverflow(page);
    assert.ok(overflow.scrollWidth <= overflow.width, `nothing wider than a 390 px phone: ${overflow.wide}`);
    assertNoErrorsButOffline(page);
  });

  it('leaves quickly offline, and the safety page wipes the offline copy and the app', async () => {
    await context.route(/^https:\/\/www\.google\.com\//, (route) => route.fulfill({
      status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>Neutral</title><p>neutral page</p>',
    }));
    await page.goto(base + 'toolkit.html?id=' + toolkitId);
    await page.waitForSelector('#view:not([hidden])');
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('#view:not([hidden])');
    await page.click('[data-quick-exit]');
    await page.waitForURL((url) => !url.href.startsWith(base), { timeout: 10000 });
    assert.ok(!(await page.content()).includes('Sample field kit'), 'the toolkit is gone from the screen');
    await context.setOffline(false);

    await page.goto(base + 'safety.html');
    await page.click('#forget-button');
    await page.waitForFunction(() => /everything saved for offline use, is removed/.test(document.getElementById('forget-status').textContent));
    const left = await page.evaluate(async () => ({
      databases: (await indexedDB.databases()).map((d) => d.name),
      caches: await caches.keys(),
      workers: (await navigator.serviceWorker.getRegistrations()).length,
      storage: localStorage.length,
    }));
    assert.deepEqual(left, { databases: [], caches: [], workers: 0, storage: 0 });
    assertNoErrorsButOffline(page);
  });
});

describe('the whole library', () => {
  it('shows its size first, downloads it through the changes feed, then searches it offline', async () => {
    const total = (await apiGet(base, 'api/v1/search?per_page=1&facets=')).total;
    const page = await appPage();
    await page.goto(base + 'offline.html');
    await controlled(page);
    assert.match(await page.locator('#device-summary').textContent(), /Nothing is saved on this device yet/);
    await checkA11y(page, 'offline: settings, nothing saved');
    // Storage is bounded: with a limit smaller than the library, it is not offered.
    await page.evaluate(async () => (await import('./js/offline-store.js')).saveSettings({ limit: 10 * 1024 }));
    await page.click('#library-check');
    await page.waitForFunction(() => /more than the 10 KB this site may use/.test(document.getElementById('library-status').textContent));
    assert.ok(await page.locator('#library-download').isHidden(), 'no download past the limit');
    await page.selectOption('#storage-limit', String(25 * 1024 * 1024));
    await page.waitForFunction(async () => (await (await import('./js/offline-store.js')).settings()).limit === 25 * 1024 * 1024);
    await page.click('#library-check');
    await page.waitForFunction(() => /The whole library is \d+ resources and about [\d.]+ (KB|MB|bytes)\.$/.test(document.getElementById('library-status').textContent));
    const said = await page.locator('#library-status').textContent();
    assert.match(said, new RegExp(`The whole library is ${total} resources and about [\\d.]+ (KB|MB)\\.`));
    assert.deepEqual((await onDevice(page)).resources, [], 'nothing downloaded before the user says so');
    await checkA11y(page, 'offline: library size shown');
    await page.click('#library-download');
    await page.waitForFunction((n) => new RegExp(`The whole library is on this device: ${n} resources`).test(document.getElementById('library-state').textContent), total, { timeout: 20000 });
    assert.equal((await onDevice(page)).resources.length, total);
    assert.match(await page.locator('#device-summary').textContent(), new RegExp(`${total} resources`));
    await checkA11y(page, 'offline: library downloaded');

    await page.context().setOffline(true);
    await page.goto(base + '?q=podcast');
    await page.waitForSelector('#offline-results:not([hidden])');
    assert.match(await page.locator('#offline-results').textContent(), new RegExp(`from the ${total} resources saved on this device`));
    // Only the library has it (no toolkit lists it); "podcast" is its type.
    const titles = await page.locator('#results-list .result h3').allTextContents();
    assert.deepEqual(titles, ['Inside a Weekly Shooting Review Meeting']);
    // A filter works offline too.
    await page.goto(base + '?type=podcast');
    await page.waitForSelector('#offline-results:not([hidden])');
    assert.ok(await page.locator('#results-list .result').count() >= 1);
    await page.context().setOffline(false);

    // A copy from another index (another epoch): the server answers 410 and the copy starts again.
    await page.goto(base + 'offline.html');
    await page.evaluate(() => new Promise((resolve, reject) => {
      const req = indexedDB.open('clearinghouse-offline');
      req.onsuccess = () => {
        const tx = req.result.transaction('meta', 'readwrite');
        const store = tx.objectStore('meta');
        store.get('library').onsuccess = (e) => store.put(Object.assign(e.target.result, { epoch: 'ffffffffffffffffffffffffffffffff' }));
        tx.oncomplete = () => { req.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    }));
    await page.click('#refresh-now');
    await page.waitForFunction(() => /up to date/.test(document.getElementById('refresh-status').textContent), null, { timeout: 20000 });
    assert.equal((await onDevice(page)).resources.length, total, 'the whole library again after the 410');
    const epoch = await page.evaluate(() => new Promise((resolve) => {
      const req = indexedDB.open('clearinghouse-offline');
      req.onsuccess = () => {
        req.result.transaction('meta').objectStore('meta').get('library').onsuccess = (e) => { req.result.close(); resolve(e.target.result.epoch); };
      };
    }));
    assert.notEqual(epoch, 'ffffffffffffffffffffffffffffffff', 'the new epoch is stored');

    // Back to toolkits only: the library's resources leave the device.
    await page.goto(base + 'offline.html');
    await page.click('#library-off');
    await waitForDevice(page, (d) => d.resources.length === 0, 'no library resources');
    assertNoErrorsButOffline(page);
    await page.context().close();
  });
});

// Runs last in the file: it changes the served copy of web/.
describe('a new version', () => {
  it('keeps answering from the cache, and a changed file reaches the next page after the background check', async () => {
    const page = await appPage();
    await page.goto(base + '404.html');
    await controlled(page);
    const file = path.join(webCopy, '404.html');
    const before = fs.readFileSync(file, 'utf8');
    // The heading as the catalogue leaves it alone: no data-i18n key, so the English text stays.
    const changed = before.replace(/<h1\b[^>]*>Page not found<\/h1>/, '<h1>Page not found (changed)</h1>');
    assert.notEqual(changed, before, '404.html still has its "Page not found" heading');
    fs.writeFileSync(file, changed);
    // Answered from the cache at once: the old page.
    await page.goto(base + '404.html');
    assert.equal(await page.locator('h1').textContent(), 'Page not found');
    // A few seconds later the worker has asked the server and stored the new page.
    const keptText = () => page.evaluate(async () => {
      const kept = await caches.match(new URL('404.html', document.baseURI).href);
      return kept ? kept.text() : '';
    });
    for (const deadline = Date.now() + 30000; !(await keptText()).includes('(changed)');) {
      assert.ok(Date.now() < deadline, 'the worker stored the changed page within 30 s');
      await page.waitForTimeout(250);
    }
    await page.goto(base + '404.html');
    assert.equal(await page.locator('h1').textContent(), 'Page not found (changed)');
    assertNoErrorsButOffline(page);
    await page.context().close();
  });

  it('is found, announced with "Reload", and replaces the shell', async () => {
    const page = await appPage();
    await page.goto(base + 'safety.html');
    await controlled(page);
    const before = await shellVersion(page);

    // The server gets a new version: a changed page and a new worker version.
    const swFile = path.join(webCopy, 'sw.js');
    fs.writeFileSync(swFile, fs.readFileSync(swFile, 'utf8').replace(/const SHELL_VERSION = '[^']+'/, "const SHELL_VERSION = 'test-next'"));
    const safetyFile = path.join(webCopy, 'safety.html');
    fs.writeFileSync(safetyFile, fs.readFileSync(safetyFile, 'utf8').replace('<h1 data-i18n-rich="safety.h11">Browsing safely</h1>', '<h1>Browsing safely (new)</h1>'));

    await page.reload(); // a navigation makes the browser check sw.js
    const banner = page.locator('#update-banner');
    await banner.waitFor({ timeout: 20000 });
    assert.match(await banner.textContent(), /A new version of this site is available/);
    await checkA11y(page, 'offline: new version notice');
    await Promise.all([page.waitForEvent('load'), page.click('#update-reload')]);
    await controlled(page);
    const now = await shellVersion(page);
    assert.notEqual(now.version, before.version);
    assert.equal(now.version, 'test-next');
    const names = await page.evaluate(() => caches.keys());
    assert.deepEqual(names.filter((n) => n.startsWith('ch-shell-')), [now.cache], 'the old shell cache is deleted');
    // Offline, the new shell is what opens.
    await page.context().setOffline(true);
    await page.goto(base + 'safety.html');
    assert.equal(await page.locator('h1').textContent(), 'Browsing safely (new)');
    await page.context().setOffline(false);
    assertNoErrorsButOffline(page);
    await page.context().close();
  });
});
