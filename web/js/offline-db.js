// The IndexedDB database of the offline copy ("clearinghouse-offline"): a small promise wrapper.
//
// Stores (all keyed by a field of the record):
//   toolkits   {id, toolkit, own, kept_at, updated_at}   toolkits kept on the device (the API's object)
//   resources  {id, resource, text, bytes, library, stored_at}  full resource pages; text is the
//              body as plain text (for offline search); library: kept by "the whole library"
//   meta       {key, ...}   'sync' {epoch, generation, checked_at}, 'library' {enabled, ...},
//              'settings' {limit, keep_opened}, 'taxonomy' {taxonomy}
//   queue      {key, ...}   toolkit edits made offline (js/offline-queue.js)
// Another tab deleting the database (the safety page) closes this tab's connection first.

const DB_NAME = 'clearinghouse-offline';
const DB_VERSION = 1;
const STORES = { toolkits: 'id', resources: 'id', meta: 'key', queue: 'key' };

let opening = null;

export function openDb() {
  if (!('indexedDB' in window)) return Promise.reject(new Error('IndexedDB is not available'));
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        for (const [name, keyPath] of Object.entries(STORES)) {
          if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, { keyPath });
        }
      };
      req.onsuccess = () => {
        const db = req.result;
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      req.onerror = () => {
        opening = null;
        reject(req.error);
      };
      req.onblocked = () => {
        opening = null;
        reject(new Error('the offline database is blocked by another tab'));
      };
    });
  }
  return opening;
}

function done(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

// Runs fn(store...) in one transaction over `names`; resolves with fn's result once it commits.
export async function withStores(names, mode, fn) {
  const db = await openDb();
  const tx = db.transaction(names, mode);
  const stores = names.map((n) => tx.objectStore(n));
  const result = await fn(...stores);
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
  });
  return result;
}

export const idb = {
  get: (store, key) => withStores([store], 'readonly', (s) => done(s.get(key))),
  getAll: (store) => withStores([store], 'readonly', (s) => done(s.getAll())),
  count: (store) => withStores([store], 'readonly', (s) => done(s.count())),
  put: (store, value) => withStores([store], 'readwrite', (s) => done(s.put(value))),
  putAll: (store, values) => withStores([store], 'readwrite', (s) => Promise.all(values.map((v) => done(s.put(v))))),
  delete: (store, key) => withStores([store], 'readwrite', (s) => done(s.delete(key))),
  deleteAll: (store, keys) => withStores([store], 'readwrite', (s) => Promise.all(keys.map((k) => done(s.delete(k))))),
  clear: (store) => withStores([store], 'readwrite', (s) => done(s.clear())),
};

// True when this browser already has an offline copy (checked without creating the database).
export async function hasOfflineDb() {
  if (!('indexedDB' in window)) return false;
  if (indexedDB.databases) {
    try {
      return (await indexedDB.databases()).some((d) => d.name === DB_NAME);
    } catch {
      return false;
    }
  }
  return true;
}

// Deletes the whole database (the safety page, "remove everything").
export async function deleteDb() {
  if (!('indexedDB' in window)) return;
  if (opening) {
    try {
      (await opening).close();
    } catch {
      // Not open.
    }
    opening = null;
  }
  await new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = resolve;
    req.onerror = () => reject(req.error);
    req.onblocked = resolve; // finishes once the other tabs close their connection (onversionchange)
  });
}
