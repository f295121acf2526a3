// The safety page (safety.html): removes what this site stored in the browser, on request: the
// toolkit and edit keys (localStorage), the tab's session storage, the offline copy (IndexedDB,
// with any toolkit changes not yet sent), the app's cached files and its service worker.

import { announce } from './common.js';
import { toolkitStore } from './toolkit-store.js';
import { clearOffline } from './offline-store.js';
import { S } from './offline-strings.js';
import { t } from './i18n.js';

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
  try {
    toolkitStore.forgetAll();
    localStorage.clear();
    sessionStorage.clear();
    await clearOffline();
    await removeAppFiles();
    localStorage.clear(); // anything a background task wrote meanwhile
    status.textContent = S.wiped;
  } catch {
    status.textContent = t('safety.forget_failed');
  }
  announce(status.textContent);
});
