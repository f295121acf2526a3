// The safety page (safety.html): removes what this site stored in the browser, on request: the
// toolkit and edit keys (localStorage), the tab's session storage, the offline copy (IndexedDB,
// with any toolkit changes not yet sent), the app's cached files and its service worker.

import { announce } from './common.js';
import { toolkitStore } from './toolkit-store.js';
import { t } from './i18n.js';

// The offline store (to wipe it) and its strings load once the page has loaded, not before it is
// shown; the button waits for them if pressed sooner.
let offlineModules = null;
function loadOffline() {
  if (!offlineModules) offlineModules = Promise.all([import('./offline-store.js'), import('./offline-strings.js')]);
  return offlineModules;
}
if (document.readyState === 'complete') loadOffline();
else window.addEventListener('load', loadOffline, { once: true });

const button = document.getElementById('forget-button');
const status = document.getElementById('forget-status');

// The worker goes first, so that it stores nothing more; then its caches.
async function removeAppFiles() {
  if (navigator.serviceWorker) {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
  }
  if (window.caches) for (const name of await caches.keys()) await caches.delete(name);
}

button.addEventListener('click', async () => {
  const modules = loadOffline();
  try {
    toolkitStore.forgetAll();
    localStorage.clear();
    sessionStorage.clear();
    const [{ clearOffline }, { S }] = await modules;
    await clearOffline();
    await removeAppFiles();
    localStorage.clear(); // anything a background task wrote meanwhile
    status.textContent = S.wiped;
  } catch {
    status.textContent = t('safety.forget_failed');
  }
  announce(status.textContent);
});
