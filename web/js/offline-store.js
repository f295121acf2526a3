// The offline copy kept on this device (IndexedDB, js/offline-db.js): toolkits and the full pages
// of their resources, the taxonomy, and the settings. The background refresh and the whole
// library are in js/offline-sync.js; edits made offline in js/offline-queue.js.
//
// Resources are kept while a kept toolkit lists them or the whole library is kept; anything else
// is removed (collectGarbage). Storage is bounded by settings.limit (bytes, default 100 MB):
// nothing is added past it.

import { OFFLINE_MARK_KEY as MARK_KEY, api, ApiError, hasOfflineCopy, isNetworkError } from './api.js';
import { deleteDb, idb, hasOfflineDb } from './offline-db.js';
import { termsOf } from './offline-search.js';

// In js/api.js, so that a page can ask them without loading this module (before its first paint).
export { hasOfflineCopy, isNetworkError };

export const DEFAULT_LIMIT = 100 * 1024 * 1024;
const BULK_MAX = 100; // ids per bulk fetch (the API's limit)

function mark() {
  try {
    localStorage.setItem(MARK_KEY, '1');
  } catch {
    // Without it the background refresh waits for the next visit to the offline page.
  }
}

export async function settings() {
  const s = (await idb.get('meta', 'settings').catch(() => null)) || {};
  return { limit: s.limit || DEFAULT_LIMIT, keep_opened: s.keep_opened !== false };
}

export async function saveSettings(changes) {
  const s = Object.assign(await settings(), changes, { key: 'settings' });
  await idb.put('meta', s);
  return s;
}

// The body as plain text, for offline search (the server sanitised the HTML; nothing runs here).
function plainText(html) {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return (doc.body.textContent || '').replace(/\s+/g, ' ').trim();
}

export function resourceRecord(resource, { library = false } = {}) {
  const copy = Object.assign({}, resource);
  delete copy.related; // the computed list names other resources and changes with them
  const text = plainText(copy.body_html);
  const record = { id: copy.id, resource: copy, text, bytes: 0, library, stored_at: Date.now() };
  record.terms = termsOf(record); // for offline search, computed once here
  record.bytes = JSON.stringify(copy).length + text.length + JSON.stringify(record.terms.terms).length;
  return record;
}

// Stores resources, keeping the library flag of those already kept. Returns the bytes added.
export async function putResources(resources, { library = false } = {}) {
  if (!resources.length) return 0;
  const old = new Map((await idb.getAll('resources')).map((r) => [r.id, r]));
  const records = resources.map((r) => resourceRecord(r, { library: library || Boolean(old.get(r.id) && old.get(r.id).library) }));
  await idb.putAll('resources', records);
  mark();
  return records.reduce((n, r) => n + r.bytes - (old.get(r.id) ? old.get(r.id).bytes : 0), 0);
}

// A server without the bulk route (older than the sync API) is asked one resource at a time.
async function bulkOrOneByOne(ids) {
  try {
    return await api.resources(ids);
  } catch (err) {
    if (!(err instanceof ApiError) || ![400, 404, 405].includes(err.status) || err.param === 'ids') throw err;
  }
  const out = { epoch: null, generation: null, resources: [], missing: [] };
  for (const id of ids) {
    try {
      const r = await api.resource(id);
      out.generation = r.generation;
      out.resources.push(r);
    } catch (err) {
      if (err.status !== 404) throw err;
      out.missing.push(id);
    }
  }
  return out;
}

// Full resource pages for `ids`, in pages of 100 through the bulk route. Resolves to
// {epoch, generation, resources, missing}.
export async function fetchResources(ids) {
  const out = { epoch: null, generation: null, resources: [], missing: [] };
  for (let i = 0; i < ids.length; i += BULK_MAX) {
    const page = await bulkOrOneByOne(ids.slice(i, i + BULK_MAX));
    out.epoch = page.epoch;
    out.generation = page.generation;
    out.resources.push(...page.resources);
    out.missing.push(...(page.missing || []));
  }
  return out;
}

export async function getResource(id) {
  return idb.get('resources', id).catch(() => null);
}

export async function allResources() {
  return idb.getAll('resources').catch(() => []);
}

export async function getToolkit(id) {
  return idb.get('toolkits', id).catch(() => null);
}

export async function listToolkits() {
  return idb.getAll('toolkits').catch(() => []);
}

// The resource ids the kept toolkits list.
export function toolkitResourceIds(toolkits) {
  const ids = new Set();
  for (const t of toolkits) for (const it of t.toolkit.items || []) ids.add(it.resource_id);
  return ids;
}

// Keeps a toolkit (the API's object) and the full pages of its resources. `own`: this browser
// holds its edit key. Resolves to the stored record. Throws ApiError when the resources cannot be
// fetched (the toolkit itself is stored first).
export async function keepToolkit(toolkit, { own = false } = {}) {
  const old = await getToolkit(toolkit.id);
  const record = {
    id: toolkit.id,
    toolkit,
    own: own || Boolean(old && old.own),
    kept_at: old ? old.kept_at : Date.now(),
    updated_at: Date.now(),
  };
  await idb.put('toolkits', record);
  mark();
  const have = new Set((await allResources()).map((r) => r.id));
  const missing = (toolkit.items || []).map((it) => it.resource_id).filter((id) => !have.has(id));
  if (missing.length) {
    const fetched = await fetchResources(missing);
    await putResources(fetched.resources);
    await rememberSyncPoint(fetched);
  }
  return record;
}

// The feed position the kept resources are current at (set on a first fetch only: later the
// changes feed moves it, js/offline-sync.js).
async function rememberSyncPoint(fetched) {
  const sync = await idb.get('meta', 'sync');
  if (!sync && fetched.generation !== null && fetched.generation !== undefined) {
    await idb.put('meta', { key: 'sync', epoch: fetched.epoch || null, generation: fetched.generation, checked_at: Date.now() });
  }
}

export async function removeToolkit(id) {
  await idb.delete('toolkits', id);
  await collectGarbage();
}

// Removes the resources no kept toolkit lists and the library does not keep.
export async function collectGarbage() {
  const needed = toolkitResourceIds(await listToolkits());
  const drop = (await allResources()).filter((r) => !r.library && !needed.has(r.id)).map((r) => r.id);
  if (drop.length) await idb.deleteAll('resources', drop);
  return drop.length;
}

export async function usage() {
  const [toolkits, resources] = await Promise.all([listToolkits(), allResources()]);
  const bytes = resources.reduce((n, r) => n + r.bytes, 0) + toolkits.reduce((n, t) => n + JSON.stringify(t.toolkit).length, 0);
  return { toolkits: toolkits.length, resources: resources.length, library: resources.filter((r) => r.library).length, bytes };
}

export async function saveTaxonomy(taxonomy) {
  await idb.put('meta', { key: 'taxonomy', taxonomy, stored_at: Date.now() });
}

export async function savedTaxonomy() {
  if (!(await hasOfflineDb())) return null;
  const t = await idb.get('meta', 'taxonomy').catch(() => null);
  return t ? t.taxonomy : null;
}

// Removes the whole offline copy (and the mark). Pending edits go too: callers warn first.
// A background refresh or queue flush in progress holds a Web Lock: the wipe runs again when they
// end, so that nothing they write comes back. It never waits for them longer than WIPE_WAIT_MS.
const WIPE_WAIT_MS = 1500;
export async function clearOffline() {
  try {
    localStorage.removeItem(MARK_KEY);
  } catch {
    // Nothing to remove.
  }
  const wipe = () => deleteDb();
  if (!navigator.locks || !navigator.locks.request) return wipe();
  const afterOthers = navigator.locks.request('clearinghouse-offline-refresh', () =>
    navigator.locks.request('clearinghouse-offline-queue', wipe));
  const soon = new Promise((resolve) => setTimeout(resolve, WIPE_WAIT_MS)).then(wipe);
  return Promise.race([afterOthers, soon]);
}
