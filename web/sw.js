// The service worker: keeps the app shell (pages, styles, scripts, icons) so that the site opens
// without a network. It never stores API answers: the offline data (toolkits, resources) lives in
// IndexedDB, written by the pages (js/offline-store.js), and the safety page can wipe both.
//
// Strategy: the shell from the cache first, checked with the server after the page has opened.
// A page the cache holds, and every file the cache holds, is answered from the cache at once (a
// repeat visit on a slow phone waits only for its API calls; benchmarks/RESULTS.md, "Web page
// paint time on a slow phone"). REVALIDATE_DELAY_MS after a page was answered from the cache,
// the worker asks the server about every file it keeps (conditional requests: an unchanged file
// is a 304 of a few hundred bytes), two at a time so that the page's own requests go first, and
// stores the new ones all together once every answer is in; the next page opened uses them. At
// most once per REVALIDATE_INTERVAL_MS. A file the cache does not hold goes to the network first
// (the cache when the network fails or takes longer than NETWORK_TIMEOUT_MS), and each good
// answer is stored. Cache keys never hold a query string (resource.html?id=X is kept as
// resource.html), so the cache does not record what was read.
//
// Versions: SHELL_VERSION names the cache. Change it whenever this file or the shell changes
// shape; the browser then installs the new worker beside the old one, the pages say "A new
// version is available" (js/app-shell.js), and "Reload" activates it (message "skip-waiting").
// Activation deletes the caches of older versions. A change to a file without a new version
// reaches a visitor one page later (the background check above).

const SHELL_VERSION = '2026-12-06.11';
const CACHE_PREFIX = 'ch-shell-';
const CACHE = CACHE_PREFIX + SHELL_VERSION;
const NETWORK_TIMEOUT_MS = 4000;
const REVALIDATE_DELAY_MS = 3000;
const REVALIDATE_INTERVAL_MS = 60 * 1000;

// The pages; the stylesheets, modules and scripts each one names are found in it at install
// time, so a module added to a page's <link rel="modulepreload"> list is kept with no change here.
const PAGES = ['./', 'index.html', 'resource.html', 'toolkit.html', 'compare.html', 'safety.html', 'offline.html', '404.html'];
const FILES = ['manifest.webmanifest', 'favicon.svg', 'icons/icon.svg', 'icons/icon-192.png', 'icons/icon-512.png',
  'icons/icon-maskable-192.png', 'icons/icon-maskable-512.png', 'icons/apple-touch-icon.png',
  // Loaded on demand (import()), so no page's modulepreload list needs to name them: the other
  // languages' catalogues, the suggestion list, the "Compare" checkbox, the installable app and
  // the offline features (tests/browser/modules.test.mjs checks that none is missing).
  'i18n/es.js', 'js/combobox.js', 'js/compare-pick.js', 'js/offline-strings.js',
  'js/app-shell.js', 'js/offline-store.js', 'js/offline-db.js', 'js/offline-search.js',
  'js/offline-background.js', 'js/offline-sync.js', 'js/offline-queue.js', 'js/toolkit-offline.js'];

const scope = new URL(self.registration.scope);

function cacheKey(url) {
  const u = new URL(url);
  return u.origin + u.pathname;
}

// Same-origin files of the site: not the API, the feed or the health routes.
function isShellRequest(request) {
  if (request.method !== 'GET') return false;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return false;
  const path = url.pathname.slice(scope.pathname.length);
  return !/^(api\/|feed\.atom|healthz|readyz|metrics)/.test(path);
}

// The files a page names: stylesheets, module preloads, scripts, icons and the manifest.
function assetsOf(html, pageUrl) {
  const found = new Set();
  const pattern = /<(?:link|script)\b[^>]*?\b(?:href|src)="([^"#?]+)"[^>]*>/gi;
  for (const m of html.matchAll(pattern)) {
    if (/rel="(?:alternate|canonical)"/i.test(m[0])) continue;
    const url = new URL(m[1], pageUrl);
    if (url.origin === scope.origin) found.add(url.href);
  }
  return [...found];
}

async function precache() {
  const cache = await caches.open(CACHE);
  const assets = new Set(FILES.map((f) => new URL(f, scope).href));
  for (const page of PAGES) {
    const url = new URL(page, scope).href;
    const response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`precache: ${url} answered ${response.status}`);
    const html = await response.clone().text();
    await cache.put(cacheKey(url), response);
    for (const asset of assetsOf(html, url)) assets.add(asset);
  }
  await Promise.all([...assets].map(async (url) => {
    const response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`precache: ${url} answered ${response.status}`);
    await cache.put(cacheKey(url), response);
  }));
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    await precache();
    // The first worker takes over at once; a new version waits until the user reloads.
    if (!self.registration.active) await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'skip-waiting') self.skipWaiting();
  if (data.type === 'version' && event.ports[0]) event.ports[0].postMessage({ version: SHELL_VERSION, cache: CACHE });
});

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(cacheKey(request.url));
  if (hit) return hit;
  if (request.mode === 'navigate') {
    // A page the cache does not hold (an address typed by hand): the site's "not found" page.
    return (await cache.match(cacheKey(new URL('404.html', scope).href))) || Response.error();
  }
  return Response.error();
}

async function networkFirst(event) {
  const { request } = event;
  const network = fetch(request).then(async (response) => {
    if (response.ok && response.type === 'basic' && response.status === 200) {
      const copy = response.clone();
      // Only into a cache that exists: after the safety page removed the caches, nothing comes back.
      const stored = caches.has(CACHE)
        .then((present) => present && caches.open(CACHE).then((cache) => cache.put(cacheKey(request.url), copy)))
        .catch(() => {});
      try {
        event.waitUntil(stored);
      } catch {
        // The answer was already given from the cache (a slow network): the copy is still stored.
      }
    }
    return response;
  });
  network.catch(() => {}); // a late failure after the cache answered is not an error
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(resolve, NETWORK_TIMEOUT_MS, 'slow');
  });
  try {
    const first = await Promise.race([network, slow]);
    if (first !== 'slow') return first;
    const cached = await caches.open(CACHE).then((cache) => cache.match(cacheKey(request.url)));
    return cached || (await network);
  } catch {
    return fromCache(request);
  } finally {
    clearTimeout(timer);
  }
}

// Every file the cache holds, asked again with its validator (the HTTP cache's ETag), two at a
// time; the answers are stored together at the end, and only into a cache that still exists
// (after the safety page removed the caches, nothing comes back).
let lastRevalidation = 0;
async function revalidateShell() {
  await new Promise((resolve) => setTimeout(resolve, REVALIDATE_DELAY_MS));
  if (Date.now() - lastRevalidation < REVALIDATE_INTERVAL_MS) return;
  lastRevalidation = Date.now();
  // caches.open would create the cache again after the safety page removed it.
  if (!(await caches.has(CACHE))) return;
  const cache = await caches.open(CACHE);
  const queue = (await cache.keys()).map((request) => request.url);
  const fresh = [];
  const worker = async () => {
    for (let url = queue.shift(); url; url = queue.shift()) {
      try {
        const response = await fetch(url, { cache: 'no-cache' });
        if (response.ok && response.status === 200) fresh.push([url, response]);
      } catch {
        // Offline or failing: keep what the cache holds.
      }
    }
  };
  await Promise.all([worker(), worker()]);
  if (!(await caches.has(CACHE))) return;
  await Promise.all(fresh.map(([url, response]) => cache.put(url, response)));
}

async function cacheFirst(event) {
  const { request } = event;
  const hit = await caches.match(cacheKey(request.url), { cacheName: CACHE }); // never creates it
  if (!hit) return networkFirst(event);
  if (request.mode === 'navigate') {
    const check = revalidateShell().catch(() => {});
    try {
      event.waitUntil(check); // keeps the worker alive for it
    } catch {
      // The event is no longer active: the check still runs while the worker does.
    }
  }
  return hit;
}

self.addEventListener('fetch', (event) => {
  if (!isShellRequest(event.request)) return; // the API and the feed go straight to the network
  event.respondWith(cacheFirst(event));
});
