// toolkit-page.js: helpers shared by the toolkit page's two modes, the builder (toolkit.js) and
// the view of a shared toolkit (toolkit-view.js): notices, the flash message carried across a
// page load, the share link, the "replace your toolkit?" question and error wording.
import { ApiError } from './api.js';
import { toolkitStore } from './toolkit-store.js';
import { t } from './i18n.js';

export const $ = (id) => document.getElementById(id);
const FLASH_KEY = 'clearinghouse.flash';

// The page's offline features, imported on demand rather than before the page is drawn: the store
// (js/offline-store.js), the queue of edits made offline (js/offline-queue.js), the offline note
// and conflict choices (js/toolkit-offline.js) and their strings (js/offline-strings.js, as `S`).
// Resolves to one object with all their exports; the service worker keeps them for offline use.
let offlineLoading = null;
export function offlineModules() {
  if (!offlineLoading) {
    offlineLoading = Promise.all([
      import('./offline-store.js'), import('./offline-queue.js'), import('./toolkit-offline.js'), import('./offline-strings.js'),
    ]).then(([store, queue, notes, strings]) => ({ ...store, ...queue, ...notes, S: strings.S }));
    offlineLoading.catch(() => {
      offlineLoading = null; // not reachable now (offline, not kept yet): asked again next time
    });
  }
  return offlineLoading;
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

export function setNotice(node, message, kind = '') {
  node.className = 'notice' + (kind ? ' ' + kind : '');
  if (message instanceof Node || Array.isArray(message)) node.replaceChildren(...[].concat(message));
  else node.textContent = message || '';
}

// Clears a passing message (such as "Link copied") after a few seconds, unless it changed since.
const PASSING_MESSAGE_MS = 5000;
export function clearLater(node, message) {
  window.setTimeout(() => {
    if (node.textContent === message) setNotice(node, '');
  }, PASSING_MESSAGE_MS);
}

export function flash(message) {
  try {
    sessionStorage.setItem(FLASH_KEY, message);
  } catch {
    // The message is lost; the page still works.
  }
}

export function takeFlash() {
  try {
    const m = sessionStorage.getItem(FLASH_KEY);
    sessionStorage.removeItem(FLASH_KEY);
    return m;
  } catch {
    return null;
  }
}

export function shareUrl(id) {
  return new URL('toolkit.html?id=' + encodeURIComponent(id), window.location.href).href;
}

// Asks before replacing a toolkit that has unsaved work, or, with `evenIfSaved`, any toolkit
// with something in it (a draft never silently takes the place of the toolkit being edited).
// Resolves true to go ahead.
export function confirmReplace(text, { evenIfSaved = false } = {}) {
  const current = toolkitStore.load();
  const empty = !current.items.length && !current.title.trim() && !current.description.trim();
  const unsaved = toolkitStore.hasUnsavedWork();
  if (!unsaved && (!evenIfSaved || empty)) return Promise.resolve(true);
  const panel = $('confirm-panel');
  const previous = document.activeElement;
  $('confirm-text').textContent = text + ' ' + (unsaved ? t('toolkit.confirm_unsaved') : t('toolkit.confirm_saved'));
  panel.hidden = false;
  panel.focus();
  return new Promise((resolve) => {
    const done = (answer) => {
      panel.hidden = true;
      $('confirm-yes').onclick = null;
      $('confirm-no').onclick = null;
      panel.onkeydown = null;
      if (!answer && previous && previous.focus) previous.focus();
      resolve(answer);
    };
    $('confirm-yes').onclick = () => done(true);
    $('confirm-no').onclick = () => done(false);
    panel.onkeydown = (event) => {
      if (event.key === 'Escape') {
        // Escape closes the question, answering "keep".
        event.preventDefault();
        done(false);
      }
    };
  });
}

export function errorText(err) {
  if (!(err instanceof ApiError)) return t('toolkit.err_unknown');
  if (err.status === 0) return err.message;
  if (err.status === 413) return t('toolkit.err_too_large');
  if (err.status === 503) return t('toolkit.err_unavailable');
  return err.message;
}
