// Keeps the offline copy current (the client of the sync API, docs/api.md "Building an offline
// client"): the kept toolkits are read again, their resources follow the changes feed (epoch,
// changes since a generation, bulk fetch), and with "keep the whole library offline" every
// resource comes through changes?include=resources. A 410 resync_required (a rebuilt index, or a
// copy too old) starts again from since=0. Runs in the page, when online: at most every
// REFRESH_EVERY_MS on a page load, at once when the connection comes back, and from the offline
// page's "Update now"; one tab at a time (Web Locks).

import { api, ApiError } from './api.js';
import { idb } from './offline-db.js';
import {
  collectGarbage, fetchResources, getToolkit, hasOfflineCopy, keepToolkit, listToolkits, putResources, resourceRecord,
  saveTaxonomy, settings, toolkitResourceIds, usage,
} from './offline-store.js';
import { toolkitStore } from './toolkit-store.js';

export const REFRESH_EVERY_MS = 15 * 60 * 1000;
const MAX_RESTARTS = 2; // 410 answers in a row before giving up

function withLock(name, fn) {
  if (navigator.locks && navigator.locks.request) return navigator.locks.request(name, fn);
  return fn();
}

async function meta(key) {
  return (await idb.get('meta', key).catch(() => null)) || null;
}

async function setMeta(key, value) {
  await idb.put('meta', Object.assign({}, value, { key }));
}

// The toolkits this browser saved (it holds their keys) are kept too.
async function keepOwnToolkits() {
  for (const id of Object.keys(toolkitStore.keys())) {
    const kept = await getToolkit(id);
    if (kept) {
      if (!kept.own) await idb.put('toolkits', Object.assign(kept, { own: true }));
      continue;
    }
    try {
      await keepToolkit(await api.getToolkit(id), { own: true });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 0) throw err;
      // Deleted on the server: nothing to keep.
    }
  }
}

// Reads every kept toolkit again (a deleted one stays readable, marked gone).
async function refreshToolkits() {
  for (const record of await listToolkits()) {
    try {
      const t = await api.getToolkit(record.id);
      await idb.put('toolkits', Object.assign(record, { toolkit: t, updated_at: Date.now(), gone: false }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) await idb.put('toolkits', Object.assign(record, { gone: true }));
      else throw err;
    }
  }
}

// The kept toolkits' resources, through the changes feed since the stored generation.
async function refreshToolkitResources() {
  const needed = toolkitResourceIds(await listToolkits());
  const have = new Set((await idb.getAll('resources')).map((r) => r.id));
  const refetch = new Set([...needed].filter((id) => !have.has(id)));
  const gone = [];
  let sync = await meta('sync');
  if (sync && sync.generation !== null && sync.generation !== undefined) {
    try {
      let since = sync.generation;
      let epoch = sync.epoch;
      for (;;) {
        const params = { since: String(since) };
        if (epoch) params.epoch = epoch;
        const page = await api.changes(params);
        for (const id of [...page.added, ...page.changed]) if (needed.has(id)) refetch.add(id);
        for (const id of page.removed) if (have.has(id)) gone.push(id);
        since = page.generation;
        epoch = page.epoch || epoch;
        if (!page.more) break;
      }
      sync = { epoch, generation: since };
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 410 && err.status !== 400)) throw err;
      // 410 resync_required (or 400 from an older server): fetch everything kept again.
      for (const id of needed) refetch.add(id);
      sync = null;
    }
  } else {
    for (const id of needed) refetch.add(id);
  }
  if (gone.length) await idb.deleteAll('resources', gone);
  if (refetch.size) {
    const fetched = await fetchResources([...refetch]);
    await putResources(fetched.resources);
    if (fetched.missing.length) await idb.deleteAll('resources', fetched.missing.filter((id) => have.has(id)));
    if (!sync) sync = { epoch: fetched.epoch, generation: fetched.generation };
  }
  if (sync) await setMeta('sync', { epoch: sync.epoch || null, generation: sync.generation, checked_at: Date.now() });
}

// The whole library through changes?include=resources. onProgress(done) after each answer.
// Resolves to {complete, stopped}; stops (stopped: true) at the storage limit.
export async function syncLibrary({ onProgress = () => {} } = {}) {
  const { limit } = await settings();
  let lib = (await meta('library')) || { enabled: true, generation: 0, epoch: null };
  let used = (await usage()).bytes;
  let done = 0;
  let restarts = 0;
  for (;;) {
    const params = { since: String(lib.generation || 0), include: 'resources' };
    if (lib.epoch) params.epoch = lib.epoch;
    let page;
    try {
      page = await api.changes(params);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 410 || ++restarts > MAX_RESTARTS) throw err;
      // The copy belongs to another index: forget what the library kept and start again.
      const all = await idb.getAll('resources');
      await idb.putAll('resources', all.filter((r) => r.library).map((r) => Object.assign(r, { library: false })));
      await collectGarbage();
      lib = { enabled: true, generation: 0, epoch: null };
      used = (await usage()).bytes;
      continue;
    }
    const records = (page.resources || []).map((r) => resourceRecord(r, { library: true }));
    const adding = records.reduce((n, r) => n + r.bytes, 0);
    if (used + adding > limit) {
      await setMeta('library', Object.assign(lib, { enabled: true, complete: false, stopped: true }));
      return { complete: false, stopped: true };
    }
    if (records.length) await idb.putAll('resources', records);
    if (page.removed.length) await idb.deleteAll('resources', page.removed);
    used += adding;
    done += records.length;
    lib = { enabled: true, epoch: page.epoch || null, generation: page.generation, complete: !page.more, stopped: false, updated_at: Date.now() };
    await setMeta('library', lib);
    onProgress(done);
    if (!page.more) break;
  }
  // Every resource is current at this generation, the toolkits' too.
  await setMeta('sync', { epoch: lib.epoch, generation: lib.generation, checked_at: Date.now() });
  return { complete: true, stopped: false };
}

// The size of the whole library, before downloading it: the number of ids in the changes feed
// times the average size of a sample fetched in bulk. Resolves to {count, bytes}.
export async function estimateLibrary() {
  const ids = [];
  let since = 0;
  for (;;) {
    const page = await api.changes({ since: String(since) });
    ids.push(...page.added, ...page.changed);
    since = page.generation;
    if (!page.more) break;
  }
  if (!ids.length) return { count: 0, bytes: 0 };
  const sample = await fetchResources(ids.slice(0, 20));
  const sizes = sample.resources.map((r) => resourceRecord(r).bytes);
  const average = sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length);
  return { count: ids.length, bytes: Math.round(average * ids.length) };
}

export async function libraryState() {
  return (await meta('library')) || { enabled: false };
}

// Stops keeping the whole library: only the toolkits' resources stay.
export async function dropLibrary() {
  const all = await idb.getAll('resources');
  await idb.putAll('resources', all.filter((r) => r.library).map((r) => Object.assign(r, { library: false })));
  await idb.delete('meta', 'library');
  await collectGarbage();
}

export async function lastChecked() {
  const r = await meta('refresh');
  return r ? r.checked_at : null;
}

// The whole refresh. Resolves to true when it ran, false when it was not due or not needed.
export async function refresh({ force = false } = {}) {
  const wanted = () => hasOfflineCopy() || Object.keys(toolkitStore.keys()).length > 0;
  if (!wanted()) return false;
  return withLock('clearinghouse-offline-refresh', async () => {
    if (!wanted()) return false; // wiped while this waited
    const checked = await lastChecked();
    if (!force && checked && Date.now() - checked < REFRESH_EVERY_MS) return false;
    await keepOwnToolkits();
    await refreshToolkits();
    const lib = await libraryState();
    // A library stopped at the storage limit may lack a toolkit's resources: they come anyway.
    const library = lib.enabled ? await syncLibrary() : null;
    if (!library || !library.complete) await refreshToolkitResources();
    try {
      await saveTaxonomy(await api.taxonomy());
    } catch {
      // The labels kept before stay.
    }
    await setMeta('refresh', { checked_at: Date.now() });
    window.dispatchEvent(new CustomEvent('ch:offline-updated'));
    return true;
  });
}
