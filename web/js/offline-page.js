// The offline page (offline.html): what is saved on this device (toolkits, resources, size, when
// it was last updated), "Update now", "keep the whole library offline" with its size shown
// before downloading, the storage limit, and "remove everything saved for offline use".

import { announce, el } from './common.js';
import { S } from './offline-strings.js';
import { DEFAULT_LIMIT, clearOffline, hasOfflineCopy, listToolkits, removeToolkit, saveSettings, settings, usage } from './offline-store.js';
import { dropLibrary, estimateLibrary, lastChecked, libraryState, refresh, syncLibrary } from './offline-sync.js';
import { flushQueue, pendingEdits } from './offline-queue.js';

const $ = (id) => document.getElementById(id);
let estimate = null;

function say(node, text) {
  node.textContent = text;
  announce(text);
}

async function renderDevice() {
  const has = hasOfflineCopy();
  const [use, toolkits, checked, edits] = has
    ? await Promise.all([usage(), listToolkits(), lastChecked(), pendingEdits()])
    : [{ toolkits: 0, resources: 0, bytes: 0 }, [], null, []];
  $('device-summary').textContent = use.toolkits || use.resources
    ? S.onDevice(S.toolkits(use.toolkits), S.resources(use.resources), S.size(use.bytes)) +
      (checked ? ' ' + S.refreshed(S.ago(Date.now() - checked)) : '')
    : S.nothingOnDevice;
  $('device-toolkits').replaceChildren(...toolkits.sort((a, b) => a.toolkit.title.localeCompare(b.toolkit.title, 'en')).map((t) => {
    const edit = edits.find((e) => e.toolkit_id === t.id);
    return el('li', {},
      el('a', { href: 'toolkit.html?id=' + encodeURIComponent(t.id), text: t.toolkit.title }),
      el('p', {}, S.savedOffline(S.ago(Date.now() - t.updated_at)),
        edit ? ` · ${edit.state === 'conflict' ? S.conflictTitle : S.queuedState}` : '', ' ',
        el('button', {
          type: 'button', class: 'link-button', text: S.removeFromDevice, 'aria-label': `${S.removeFromDevice}: ${t.toolkit.title}`,
          onclick: async () => {
            await removeToolkit(t.id);
            announce(S.removedFromDevice);
            render();
          },
        })));
  }));
  const { limit, keep_opened: keepOpened } = has ? await settings() : { limit: DEFAULT_LIMIT, keep_opened: true };
  $('storage-limit').value = String(limit);
  $('keep-opened').checked = keepOpened;
  let quota = '';
  if (navigator.storage && navigator.storage.estimate) {
    const e = await navigator.storage.estimate().catch(() => null);
    if (e && e.quota) quota = ` ${S.storageQuota(S.size(e.quota))}`;
  }
  $('storage-used').textContent = S.storageUsed(S.size(use.bytes)) + quota;
}

async function renderLibrary() {
  const lib = hasOfflineCopy() ? await libraryState() : { enabled: false };
  const use = hasOfflineCopy() ? await usage() : { library: 0 };
  if (lib.enabled && lib.complete) {
    $('library-state').textContent = S.libraryDone(S.resources(use.library), S.ago(Date.now() - (lib.updated_at || Date.now())));
  } else if (lib.enabled && lib.stopped) {
    $('library-state').textContent = S.libraryStopped;
  } else {
    $('library-state').textContent = S.libraryOff;
  }
  $('library-off').hidden = !lib.enabled;
  $('library-check').hidden = Boolean(lib.enabled && lib.complete);
}

async function render() {
  await Promise.all([renderDevice(), renderLibrary()]);
  if (!navigator.onLine) $('offline-status').textContent = S.offlineNow;
  else $('offline-status').textContent = '';
}

$('refresh-now').addEventListener('click', async () => {
  const status = $('refresh-status');
  say(status, S.refreshing);
  try {
    await flushQueue();
    await refresh({ force: true });
    await render();
    const checked = await lastChecked();
    say(status, checked ? S.refreshed(S.ago(Date.now() - checked)) : S.nothingOnDevice);
  } catch {
    say(status, S.refreshFailed);
  }
});

$('library-check').addEventListener('click', async () => {
  const status = $('library-status');
  say(status, S.libraryEstimating);
  try {
    estimate = await estimateLibrary();
    const { limit } = await settings();
    const text = S.libraryEstimate(S.resources(estimate.count), S.size(estimate.bytes));
    const tooBig = estimate.bytes > limit;
    say(status, tooBig ? `${text} ${S.libraryTooBig(S.size(limit))}` : text);
    $('library-download').hidden = tooBig;
  } catch {
    say(status, S.libraryFailed);
  }
});

$('library-download').addEventListener('click', async () => {
  const status = $('library-status');
  const total = estimate ? estimate.count : 0;
  $('library-download').hidden = true;
  say(status, S.libraryDownloading(0, total));
  try {
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    localStorage.setItem('clearinghouse.offline.v1', '1');
    const result = await syncLibrary({ onProgress: (done) => { status.textContent = S.libraryDownloading(done, Math.max(done, total)); } });
    await render();
    say(status, result.stopped ? S.libraryStopped : $('library-state').textContent);
  } catch {
    say(status, S.libraryFailed);
  }
});

$('library-off').addEventListener('click', async () => {
  await dropLibrary();
  await render();
  say($('library-status'), S.libraryOff);
});

$('storage-limit').addEventListener('change', async (event) => {
  await saveSettings({ limit: Number(event.target.value) });
  localStorage.setItem('clearinghouse.offline.v1', '1');
  await render();
});

$('keep-opened').addEventListener('change', async (event) => {
  await saveSettings({ keep_opened: event.target.checked });
  localStorage.setItem('clearinghouse.offline.v1', '1');
});

$('clear-offline').addEventListener('click', async () => {
  const edits = hasOfflineCopy() ? await pendingEdits() : [];
  const question = S.confirmClear + (edits.length ? ' ' + S.clearPending(edits.length) : '');
  if (!window.confirm(question)) return;
  await clearOffline();
  estimate = null;
  $('library-download').hidden = true;
  await render();
  say($('clear-status'), S.cleared);
});

// Browsers that offer installing from the page (Chromium) get an "Install the app" button.
let installPrompt = null;
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault();
  installPrompt = event;
  $('install-app').hidden = false;
});
$('install-app').addEventListener('click', async () => {
  if (!installPrompt) return;
  installPrompt.prompt();
  await installPrompt.userChoice.catch(() => null);
  installPrompt = null;
  $('install-app').hidden = true;
});

window.addEventListener('online', render);
window.addEventListener('offline', render);
window.addEventListener('ch:offline-updated', render);
render();
