// benchmarks/web-paint.mjs: how long the search page takes to paint its results on a slow phone.
//
// Starts the real server on the sample corpus (tests/browser/harness.mjs), and in Debian's
// Chromium emulates Lighthouse's "slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up,
// through CDP Network.emulateNetworkConditions) and a 4x slower CPU
// (Emulation.setCPUThrottlingRate). For each run it opens `?q=victim services` in a fresh context
// (cold: empty cache) and then again in the same context (repeat: cached files, revalidated),
// and reads the page's "ch:results-painted" mark (the frame after the first results were drawn),
// in ms from the start of navigation. Prints each run and the medians.
//
//   node benchmarks/web-paint.mjs [--runs 5] [--cpu 4] [--path '?q=victim%20services']
// (CH_WEB_DIR=folder serves another copy of web/, to compare two versions.)
// Needs build/bin/clearinghouse-{index,server} and tests/browser's npm packages (scripts/setup).
import { launchBrowser, startServer } from '../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(option('--runs', '5'));
const PATH = option('--path', '?q=victim%20services');
const CPU = Number(option('--cpu', '4'));
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

async function throttled(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
  return page;
}

async function paintTime(page, url) {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(() => {
    const m = performance.getEntriesByName('ch:results-painted')[0];
    return m ? m.startTime : null;
  }, null, { timeout: 30000, polling: 50 });
  return Math.round(await handle.jsonValue());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer();
const browser = await launchBrowser();
const cold = [];
const repeat = [];
try {
  const url = server.base + PATH;
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await throttled(context);
    cold.push(await paintTime(page, url));
    await page.goto('about:blank');
    repeat.push(await paintTime(page, url));
    await context.close();
    console.log(`run ${i + 1}: cold ${cold[i]} ms, repeat ${repeat[i]} ms`);
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`median of ${RUNS}: cold ${median(cold)} ms, repeat ${median(repeat)} ms (slow 4G, CPU x${CPU}, ${PATH})`);
