// The installable app: registers the service worker (sw.js) and says "A new version of this site
// is available" with a Reload button when a new worker is waiting. Reload asks the waiting worker
// to take over ("skip-waiting") and reloads the page once it has.

// The notice's strings (js/offline-strings.js) load only when it is shown.

const UPDATE_CHECK_MS = 60 * 60 * 1000; // a visible page asks for a new worker at most hourly
let reloadWhenReady = false; // this page asked for the new version

function showUpdate(worker) {
  import('./offline-strings.js').then(({ S }) => drawUpdate(worker, S)).catch(() => {});
}

function drawUpdate(worker, S) {
  if (document.getElementById('update-banner')) return;
  const banner = document.createElement('div');
  banner.id = 'update-banner';
  banner.className = 'update-banner';
  banner.setAttribute('role', 'status');
  const text = document.createElement('p');
  text.textContent = S.updateReady;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'btn btn-small';
  button.id = 'update-reload';
  button.textContent = S.updateReload;
  button.addEventListener('click', () => {
    text.textContent = S.updateReloading;
    button.hidden = true;
    reloadWhenReady = true;
    worker.postMessage({ type: 'skip-waiting' });
  });
  banner.append(text, button);
  document.body.append(banner);
}

function watch(registration) {
  if (registration.waiting && navigator.serviceWorker.controller) showUpdate(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) showUpdate(worker);
    });
  });
  let lastCheck = Date.now();
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible' || Date.now() - lastCheck < UPDATE_CHECK_MS) return;
    lastCheck = Date.now();
    registration.update().catch(() => {});
  });
}

export async function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloadWhenReady) window.location.reload();
  });
  try {
    const registration = await navigator.serviceWorker.register(new URL('sw.js', document.baseURI).pathname, {
      scope: new URL('./', document.baseURI).pathname,
    });
    watch(registration);
    return registration;
  } catch {
    return null; // the site still works online without it
  }
}

// Only a browser that keeps something offline (or holds toolkit keys) loads the offline modules.
function wantsOffline() {
  try {
    const keys = localStorage.getItem('clearinghouse.toolkit.keys.v1');
    return localStorage.getItem('clearinghouse.offline.v1') === '1' || Boolean(keys && keys !== '{}');
  } catch {
    return false;
  }
}

function backgroundSync() {
  if (!navigator.onLine || !wantsOffline()) return;
  import('./offline-background.js').then((m) => m.backgroundSync()).catch(() => {});
}

function start() {
  registerServiceWorker();
  backgroundSync();
}

window.addEventListener('online', backgroundSync);
if (document.readyState === 'complete') start();
else window.addEventListener('load', start, { once: true });
