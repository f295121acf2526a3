// benchmarks/web-paint.mjs: how long the search page takes to paint its results on a slow phone.
//
// Starts the real server on the sample corpus (tests/browser/harness.mjs), and in Debian's
// Chromium emulates Lighthouse's "slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up,
// through CDP Network.emulateNetworkConditions) and a 4x slower CPU
// (Emulation.setCPUThrottlingRate): harness.mjs's throttledPage. Each run opens
// `?q=victim services` three ways and reads the page's "ch:results-painted" mark (the frame after
// the first results were drawn), in ms from the start of navigation:
//   cold    a fresh context (empty cache);
//   repeat  the same context again at once (service workers blocked in this context, so this is
//           the browser's HTTP cache: every file revalidated);
//   worker  a second fresh context, cold, then again once the service worker controls the page
//           (what a returning visitor gets).
// Prints each run and the medians; --detail also prints each visit's requests.
//
//   node benchmarks/web-paint.mjs [--runs 5] [--cpu 4] [--path '?q=victim%20services'] [--detail]
// (CH_WEB_DIR=folder serves another copy of web/, CH_BINARY_DIR=folder another build, to compare
// two versions.)
// Needs build/bin/clearinghouse-{index,server} and tests/browser's npm packages (scripts/setup).
import { launchBrowser, paintTimeline, startServer, throttledPage } from '../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(option('--runs', '5'));
const PATH = option('--path', '?q=victim%20services');
const CPU = Number(option('--cpu', '4'));
const DETAIL = args.includes('--detail');
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function show(label, timeline, page) {
  if (!DETAIL) return;
  const origin = new URL(timeline.navigation.name).origin + '/';
  console.log(`  ${label}: results painted ${timeline.painted} ms, first contentful paint ${timeline.firstContentfulPaint} ms; ` +
    `html ${Math.round(timeline.navigation.end)} ms, ${timeline.navigation.bytes} B; DOMContentLoaded ${Math.round(timeline.navigation.domContentLoaded)} ms`);
  for (const r of timeline.resources) {
    const seen = page.responses.find((x) => x.url === r.name);
    const how = seen ? `${seen.status}${seen.fromServiceWorker ? ' worker:' + seen.serviceWorkerSource : ''}${seen.encoding ? ' ' + seen.encoding : ''}` : '';
    console.log(`    ${r.name.replace(origin, '').padEnd(48)} ${String(Math.round(r.start)).padStart(5)} -> ${String(Math.round(r.end)).padStart(5)} ms ${String(r.bytes).padStart(6)} B  ${how}`);
  }
  page.responses.length = 0;
}

async function visit(page, url, label) {
  const timeline = await paintTimeline(page, url);
  show(label, timeline, page);
  return timeline.painted;
}

const server = await startServer();
const browser = await launchBrowser();
const cold = [];
const repeat = [];
const worker = [];
try {
  const url = server.base + PATH;
  for (let i = 0; i < RUNS; i++) {
    // The browser's HTTP cache alone.
    let context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
    let page = await throttledPage(context, { cpu: CPU });
    cold.push(await visit(page, url, 'cold'));
    await page.goto('about:blank');
    repeat.push(await visit(page, url, 'repeat'));
    await context.close();
    // A returning visitor: the service worker installed by the first visit answers.
    context = await browser.newContext(PHONE);
    page = await throttledPage(context, { cpu: CPU });
    cold.push(await visit(page, url, 'cold (worker allowed)'));
    await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller, null, { timeout: 60000, polling: 100 });
    await page.goto('about:blank');
    worker.push(await visit(page, url, 'worker'));
    await context.close();
    console.log(`run ${i + 1}: cold ${cold[2 * i]} / ${cold[2 * i + 1]} ms, repeat ${repeat[i]} ms, worker ${worker[i]} ms`);
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`median of ${RUNS}: cold ${median(cold)} ms (of ${cold.length}), repeat ${median(repeat)} ms, ` +
  `repeat with the service worker ${median(worker)} ms (slow 4G, CPU x${CPU}, ${PATH})`);
