// Toolkit edits made offline: kept on the device (IndexedDB store "queue", one entry per
// toolkit, the latest body), and sent when the connection comes back, with the edit key and
// If-Match set to the version the edit started from. A 412 (changed elsewhere meanwhile) makes
// the entry a conflict, kept with the other version until the user chooses: save theirs over
// (resolve 'overwrite') or save as a new toolkit ('as-new'). Nothing queued is dropped without a
// choice; the safety page's wipe says how many edits it would lose.
//
// Entry: {key, op: 'replace'|'create', toolkit_id, body, base_version, queued_at,
//         state: 'pending'|'conflict'|'failed', theirs, message}
// Events on window: 'ch:queue' with detail {key, state: 'sent'|'conflict'|'failed', toolkit}.

import { api, ApiError } from './api.js';
import { idb } from './offline-db.js';
import { hasOfflineCopy, keepToolkit } from './offline-store.js';
import { requestBody, toolkitStore } from './toolkit-store.js';

function notify(detail) {
  window.dispatchEvent(new CustomEvent('ch:queue', { detail }));
}

export async function pendingEdits() {
  try {
    return await idb.getAll('queue');
  } catch {
    return [];
  }
}

export async function editFor(key) {
  return idb.get('queue', key).catch(() => null);
}

// The queue key of a draft: its toolkit id, or for one not yet created a key of its own (kept in
// the draft as pending_key).
export function queueKeyOf(draft) {
  return draft.id || draft.pending_key || null;
}

// Queues the draft's current content. Resolves to the draft (with pending_key set for a new one).
export async function queueEdit(draft) {
  let d = draft;
  if (!d.id && !d.pending_key) d = toolkitStore.replace(Object.assign({}, d, { pending_key: 'new:' + Date.now() }));
  const key = queueKeyOf(d);
  const old = await editFor(key);
  await idb.put('queue', {
    key,
    op: d.id ? 'replace' : 'create',
    toolkit_id: d.id || null,
    body: requestBody(d),
    base_version: old ? old.base_version : d.version,
    queued_at: Date.now(),
    state: old && old.state === 'conflict' ? 'conflict' : 'pending',
    theirs: old ? old.theirs || null : null,
  });
  try {
    localStorage.setItem('clearinghouse.offline.v1', '1');
  } catch {
    // The queue is still sent from the builder.
  }
  return d;
}

// The draft in the builder, brought up to date after `entry` was saved as `saved`.
function updateDraft(entry, saved, edited) {
  const d = toolkitStore.load();
  const same = (entry.op === 'create' && d.pending_key === entry.key) || (d.id && d.id === entry.toolkit_id);
  if (!same) return;
  d.id = saved.id;
  d.version = saved.version;
  delete d.pending_key;
  d.dirty = d.changed_at > entry.queued_at || edited; // changed again since it was queued
  toolkitStore.replace(d);
}

async function send(entry, { overwrite = false, asNew = false } = {}) {
  let saved;
  if (entry.op === 'create' || asNew) {
    saved = await api.createToolkit(entry.body);
    toolkitStore.rememberKey(saved.id, saved.edit_key, saved.title);
  } else {
    const key = toolkitStore.keyFor(entry.toolkit_id);
    const version = overwrite && entry.theirs ? entry.theirs.version : entry.base_version;
    saved = await api.replaceToolkit(entry.toolkit_id, key, entry.body, version);
    toolkitStore.rememberKey(saved.id, null, saved.title);
  }
  await idb.delete('queue', entry.key);
  updateDraft(asNew ? Object.assign({}, entry, { op: 'create' }) : entry, saved, false);
  if (asNew && entry.op === 'replace') {
    // The draft was the old toolkit: it now edits the new one.
    const d = toolkitStore.load();
    if (d.id === entry.toolkit_id) toolkitStore.replace(Object.assign(d, { id: saved.id, version: saved.version, dirty: false }));
  }
  keepToolkit(saved, { own: true }).catch(() => {});
  notify({ key: entry.key, state: 'sent', toolkit: saved });
  return saved;
}

// Sends every pending entry. Stops at the first network error (still offline). Resolves to the
// number sent.
export async function flushQueue() {
  const run = async () => {
    let sent = 0;
    if (!hasOfflineCopy()) return sent; // nothing kept, or wiped while this waited
    for (const entry of await pendingEdits()) {
      if (entry.state !== 'pending') continue;
      try {
        await send(entry);
        sent++;
      } catch (err) {
        if (!(err instanceof ApiError) || err.status === 0) break;
        if (err.status === 412) {
          let theirs = null;
          try {
            theirs = await api.getToolkit(entry.toolkit_id);
          } catch {
            theirs = null;
          }
          await idb.put('queue', Object.assign(entry, { state: 'conflict', theirs }));
          notify({ key: entry.key, state: 'conflict' });
        } else {
          await idb.put('queue', Object.assign(entry, { state: 'failed', message: err.message }));
          notify({ key: entry.key, state: 'failed' });
        }
      }
    }
    return sent;
  };
  if (navigator.locks && navigator.locks.request) return navigator.locks.request('clearinghouse-offline-queue', run);
  return run();
}

// The user's choice for a conflict (or a failed entry): 'overwrite' saves this body over the
// other version; 'as-new' saves it as a new toolkit. Throws ApiError on failure (entry kept).
export async function resolveEdit(key, choice) {
  const entry = await editFor(key);
  if (!entry) return null;
  return send(entry, { overwrite: choice === 'overwrite', asNew: choice === 'as-new' });
}
