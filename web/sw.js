// The service worker: keeps the app shell (pages, styles, scripts, icons) so that the site opens
// without a network. It never stores API answers: the offline data (toolkits, resources) lives in
// IndexedDB, written by the pages (js/offline-store.js), and the safety page can wipe both.
//
// Strategy: network first, the cache when the network fails or takes longer than
// NETWORK_TIMEOUT_MS. Online, every file is the server's current one (as without a worker: the
// files are served no-cache with an ETag), so a change to a page or module never waits for a new
// worker; each good answer refreshes the cache. Cache keys never hold a query string
// (resource.html?id=X is kept as resource.html), so the cache does not record what was read.
//
// Versions: SHELL_VERSION names the cache. Change it whenever this file or the shell changes
// shape; the browser then installs the new worker beside the old one, the pages say "A new
// version is available" (js/app-shell.js), and "Reload" activates it (message "skip-waiting").
// Activation deletes the caches of older versions.

const SHELL_VERSION = '2026-12-06.4';
const CACHE_PREFIX = 'ch-shell-';
const CACHE = CACHE_PREFIX + SHELL_VERSION;
const NETWORK_TIMEOUT_MS = 4000;

// The pages; the stylesheets, modules and scripts each one names are found in it at install
// time, so a module added to a page's <link rel="modulepreload"> list is kept with no change here.
const PAGES = ['./', 'index.html', 'resource.html', 'toolkit.html', 'safety.html', 'offline.html', '404.html'];
const FILES = ['manifest.webmanifest', 'favicon.svg', 'icons/icon.svg', 'icons/icon-192.png', 'icons/icon-512.png',
  'icons/icon-maskable-192.png', 'icons/icon-maskable-512.png', 'icons/apple-touch-icon.png',
  // Loaded on demand (import()), so no page names them.
  'js/offline-search.js', 'js/offline-background.js', 'js/offline-sync.js', 'js/offline-queue.js'];

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

self.addEventListener('fetch', (event) => {
  if (!isShellRequest(event.request)) return; // the API and the feed go straight to the network
  event.respondWith(networkFirst(event));
});
