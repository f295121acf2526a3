// Test harness for the browser tests: builds a test index from a temporary copy of corpus/, starts
// clearinghouse-server on a free port with a temporary data folder, launches Debian's Chromium
// through playwright-core, and checks pages with axe-core. Everything it starts, it stops.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

export const SOURCE_DIR = path.resolve(process.env.CH_SOURCE_DIR || path.join(here, '..', '..'));
export const BINARY_DIR = path.resolve(process.env.CH_BINARY_DIR || path.join(SOURCE_DIR, 'build'));
export const SCREENSHOT_DIR = path.resolve(process.env.CH_SCREENSHOT_DIR || path.join(BINARY_DIR, 'screenshots'));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Chromium's own background traffic is refused on a closed network; these flags stop it.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The server runs under a small shell that kills it, and removes the temporary folder, when our
// end of its stdin closes, which also happens when this process dies without cleaning up (a
// crash, a ctest timeout's SIGKILL).
const WRAPPER = `
"$@" </dev/null &
pid=$!
cleanup() { kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$CH_BROWSER_TMP"; }
trap 'cleanup; exit 0' TERM INT HUP
while kill -0 $pid 2>/dev/null; do
  if read -r -t 1 _; then :; else
    [ $? -gt 128 ] || break
  fi
done
cleanup
exit 0
`;

// options.corpus: the library to index (default corpus/; the offline tests use
// tests/testdata/library); options.web: the web folder (default CH_WEB_DIR or web/);
// options.keys: curator key names to create first (their secrets come back in server.keys);
// options.extraArgs: more clearinghouse-server options.
export async function startServer(options = {}) {
  const { keys = [], extraArgs = [] } = options;
  const bin = (name) => path.join(BINARY_DIR, 'bin', name);
  for (const name of ['clearinghouse-index', 'clearinghouse-server']) {
    assert.ok(fs.existsSync(bin(name)), `${bin(name)} is missing: build the project first`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-browser-'));
  const corpus = path.join(tmp, 'corpus');
  const index = path.join(tmp, 'index');
  const data = path.join(tmp, 'data');
  fs.cpSync(options.corpus || path.join(SOURCE_DIR, 'corpus'), corpus, { recursive: true });
  fs.mkdirSync(data);
  execFileSync(bin('clearinghouse-index'), ['build', corpus, '--db', index], { stdio: 'pipe' });
  const secrets = {};
  for (const name of keys) {
    const out = execFileSync(bin('clearinghouse-server'), ['keys', 'create', name, '--data', data], { encoding: 'utf8' });
    secrets[name] = out.trim().split('\n').pop().trim();
  }

  const port = await freePort();
  const args = ['--db', index, '--corpus', corpus, '--data', data, '--web', options.web || process.env.CH_WEB_DIR || path.join(SOURCE_DIR, 'web'),
    '--host', '127.0.0.1', '--port', String(port), ...extraArgs];
  const child = spawn('bash', ['-c', WRAPPER, 'ch-browser-server', bin('clearinghouse-server'), ...args], {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, CH_BROWSER_TMP: tmp },
  });
  let log = '';
  child.stderr.on('data', (chunk) => {
    log = (log + chunk.toString()).slice(-8000);
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const base = `http://127.0.0.1:${port}/`;

  const stop = async () => {
    if (!exited) {
      child.stdin.end();
      const done = new Promise((resolve) => child.once('exit', resolve));
      const timer = setTimeout(() => child.kill('SIGTERM'), 5000);
      await done;
      clearTimeout(timer);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  // A last resort if the run ends without calling stop().
  process.once('exit', () => {
    if (!exited) child.kill('SIGTERM');
  });

  const deadline = Date.now() + 20000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`clearinghouse-server exited during start-up:\n${log}`);
    }
    try {
      const res = await fetch(base + 'readyz');
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`clearinghouse-server was not ready within 20 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, stop, log: () => log, keys: secrets };
}

function requireInstalled(name) {
  try {
    return require.resolve(name);
  } catch {
    throw new Error(`${name} is not installed: run scripts/setup (or npm ci in tests/browser)`);
  }
}

export async function launchBrowser() {
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package`);
  const playwright = await import(requireInstalled('playwright-core'));
  const chromium = playwright.chromium || playwright.default.chromium;
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

// A fresh context (its own localStorage) on which page errors and console errors fail the test.
// Service workers are blocked unless options.serviceWorkers is 'allow' (offline.test.mjs): the
// other tests check the pages as the network serves them, without installing the app each time.
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
    bypassCSP: true, // axe-core is injected as an inline script
    acceptDownloads: true,
    ...options,
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // The browser logs every HTTP error status; the tests that expect one check what the page shows.
    if (msg.type() === 'error' && !/^Failed to load resource: the server responded with a status of/.test(msg.text())) {
      page.errors.push(`console error: ${msg.text()}`);
    }
  });
  return page;
}

export function assertNoPageErrors(page) {
  assert.deepEqual(page.errors, [], 'the page reported errors');
}

let axeSource = null;
export const axeChecked = [];

// Runs axe-core on the page as it is now; fails on any serious or critical violation.
export async function checkA11y(page, name) {
  if (!axeSource) axeSource = fs.readFileSync(requireInstalled('axe-core/axe.min.js'), 'utf8');
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  });
  axeChecked.push(name);
  const bad = results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(bad.length, 0, `axe-core found serious or critical violations on ${name}:\n` +
    bad.map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n'));
  return results;
}

export async function screenshot(page, name, options = {}) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, ...options });
  return file;
}

// The page and its horizontal overflow: nothing may be wider than the viewport.
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [];
    for (const node of document.querySelectorAll('body *')) {
      const box = node.getBoundingClientRect();
      if (box.width && box.right > width + 1 && getComputedStyle(node).position !== 'fixed') {
        if (!node.closest('.table-scroll, .visually-hidden')) wide.push(`${node.tagName.toLowerCase()}.${node.className}`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10) };
  });
}

export async function apiGet(base, pathAndQuery) {
  const res = await fetch(base + pathAndQuery);
  assert.ok(res.ok, `GET ${pathAndQuery}: ${res.status}`);
  return res.json();
}

// Layout shift: a new page in `browser` at `viewport` that sums every layout-shift entry not
// caused by input (a PerformanceObserver installed before the page's own scripts run), loads
// `url`, waits for `ready(page)` and then `settleMs` for late arrivals. Returns {cls, shifts}.
export async function measureLayoutShift(browser, url, viewport, ready, settleMs = 1500) {
  const page = await newPage(browser, { viewport, isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
  await page.addInitScript(() => {
    window.__cls = 0;
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        window.__cls += e.value;
        window.__shifts.push({
          value: Number(e.value.toFixed(4)),
          at: Math.round(e.startTime),
          nodes: (e.sources || []).map((s) => (s.node && s.node.nodeType === 1
            ? s.node.tagName.toLowerCase() + (s.node.id ? '#' + s.node.id : '') + (s.node.className ? '.' + String(s.node.className).split(' ')[0] : '')
            : String(s.node && s.node.nodeName))),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(url);
  await ready(page);
  await page.waitForTimeout(settleMs);
  const result = await page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts }));
  assertNoPageErrors(page);
  await page.context().close();
  return result;
}

// A slow phone, as benchmarks/web-paint.mjs and paint.test.mjs emulate it: Lighthouse's "slow
// 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) through CDP
// Network.emulateNetworkConditions, and a CPU `cpu` times slower (Emulation.setCPUThrottlingRate).
export const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

// A new page in `context`, throttled as above. page.responses collects, per URL (without the
// origin), what CDP says of each response: status, whether a service worker answered it and
// where from ('cache-storage', 'network', ...), and its encoded size.
export async function throttledPage(context, { cpu = 4 } = {}) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  page.responses = [];
  cdp.on('Network.responseReceived', (e) => page.responses.push({
    url: e.response.url,
    status: e.response.status,
    fromServiceWorker: Boolean(e.response.fromServiceWorker),
    serviceWorkerSource: e.response.serviceWorkerResponseSource || null,
    encoding: e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || null,
  }));
  return page;
}

// Opens `url` in `page` and returns the page's "ch:results-painted" mark (ms from the start of
// navigation: the frame after the first results were drawn) with the resource timing entries
// that started before it ({name, start, end, bytes, type, renderBlocking}) and the navigation's (with
// domContentLoaded: module scripts and everything they import statically are fetched before it).
export async function paintTimeline(page, url, timeout = 30000) {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('ch:results-painted').length > 0, null, { timeout, polling: 50 });
  return page.evaluate(() => {
    const painted = performance.getEntriesByName('ch:results-painted')[0].startTime;
    const nav = performance.getEntriesByType('navigation')[0];
    const entry = (e) => ({
      name: e.name, type: e.initiatorType, start: e.startTime, end: e.responseEnd, bytes: e.transferSize,
      renderBlocking: e.renderBlockingStatus === 'blocking',
    });
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      painted: Math.round(painted),
      firstContentfulPaint: fcp ? Math.round(fcp.startTime) : null,
      navigation: { ...entry(nav), domContentLoaded: nav.domContentLoadedEventStart },
      resources: performance.getEntriesByType('resource').filter((e) => e.startTime < painted).map(entry),
    };
  });
}
