// The public JSON API (/api/v1), the same one the mobile app uses. Every function returns the
// parsed JSON or throws an ApiError carrying the HTTP status and the API's error code and message.

import { apiLang, lang, t } from './i18n.js';

const BASE = new URL('api/v1/', document.baseURI).pathname;

// `lang=` for the answers whose words depend on the page's language (taxonomy labels, featured
// toolkits, toolkit exports), only when the browser's Accept-Language would not already give it (js/i18n.js).
function langParams() {
  const code = apiLang();
  return code ? { lang: code } : undefined;
}

export class ApiError extends Error {
  constructor(status, code, message, param) {
    super(message || t('common.request_failed', { status }));
    this.name = 'ApiError';
    this.status = status;
    this.code = code || 'error';
    this.param = param || null;
  }
}

// The API could not be reached (offline, or the network failed).
export function isNetworkError(err) {
  return err instanceof ApiError && err.status === 0;
}

// localStorage: "this browser keeps an offline copy" (set and removed by js/offline-store.js).
export const OFFLINE_MARK_KEY = 'clearinghouse.offline.v1';

// True when this browser keeps anything offline (cheap: no database is opened or created), so a
// page loads the offline store only then.
export function hasOfflineCopy() {
  try {
    return localStorage.getItem(OFFLINE_MARK_KEY) === '1';
  } catch {
    return false;
  }
}

// Requests the page started before its modules loaded (the small inline script in the page's
// head sets window.chEarlyRequests: URL -> fetch promise). Each is used once, by the first
// request for exactly that URL; any other URL is fetched as usual.
function takeEarlyRequest(url) {
  const early = window.chEarlyRequests;
  if (!early || !early[url]) return null;
  const promise = early[url];
  delete early[url];
  return promise;
}

async function request(path, { method = 'GET', params, body, key, ifMatch, signal } = {}) {
  let url = BASE + path;
  if (params) {
    const query = params instanceof URLSearchParams ? params.toString() : new URLSearchParams(params).toString();
    if (query) url += '?' + query;
  }
  // Error messages in the page's language, also on writes (which take no `lang=`).
  const headers = { Accept: 'application/json', 'Accept-Language': lang };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers.Authorization = 'Bearer ' + key;
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`;
  let response;
  try {
    const early = method === 'GET' ? takeEarlyRequest(url) : null;
    response = await (early || fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
    }));
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', t('common.offline_error'));
  }
  if (response.status === 204) return null;
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const e = (data && data.error) || {};
    const error = new ApiError(response.status, e.code, e.message, e.param);
    error.body = data;
    throw error;
  }
  return data;
}

export const api = {
  search: (params, signal) => request('search', { params, signal }),
  suggest: (q, signal) => request('suggest', { params: { q }, signal }),
  resource: (id, signal) => request('resources/' + encodeURIComponent(id), { signal }),
  related: (id, signal) => request('resources/' + encodeURIComponent(id) + '/related', { signal }),
  taxonomy: () => request('taxonomy', { params: langParams() }),
  featuredToolkits: () => request('toolkits/featured', { params: langParams() }),
  getToolkit: (id) => request('toolkits/' + encodeURIComponent(id)),
  createToolkit: (body) => request('toolkits', { method: 'POST', body }),
  replaceToolkit: (id, key, body, ifMatch) => request('toolkits/' + encodeURIComponent(id), { method: 'PUT', key, body, ifMatch }),
  // The sync API (docs/api.md "Building an offline client"): bulk fetch, the changes feed.
  resources: (ids) => request('resources', { params: { ids: ids.join(',') } }),
  changes: (params) => request('changes', { params }),
  copyToolkit: (id, body = {}) => request('toolkits/' + encodeURIComponent(id) + '/copy', { method: 'POST', body }),
  // Programs side by side (docs/api.md "Programs side by side"): 2 to 4 ids.
  compare: (ids) => request('compare', { params: { ids: ids.join(',') } }),
  draftToolkit: (body) => request('toolkits/draft', { method: 'POST', body }),
  // A featured toolkit exports in the page's language (a saved one in its own).
  exportUrl: (id, format) => BASE + 'toolkits/' + encodeURIComponent(id) + '/export?' +
    new URLSearchParams({ format, ...langParams() }).toString(),
};

// The taxonomy, fetched once per page and shared. Resolves to maps from id to label for each
// vocabulary, plus the raw lists; resolves to empty maps when the API cannot be reached, so that
// pages still render (with ids instead of labels).
let taxonomyPromise = null;
export function taxonomy() {
  if (!taxonomyPromise) {
    const maps = (t) => ({
      raw: t,
      focus_area: new Map(t.focus_areas.map((e) => [e.id, e.label])),
      topic: new Map(t.topics.map((e) => [e.id, e.label])),
      type: new Map(t.types.map((e) => [e.id, e.label])),
      audience: new Map(t.audiences.map((e) => [e.id, e.label])),
      rating: new Map((t.evidence_ratings || []).map((e) => [e.id, e])),
      outcome: new Map((t.outcomes || []).map((e) => [e.id, e.label])),
      evidence_base: new Map((t.evidence_bases || []).map((e) => [e.id, e.label])),
      emmie: new Map((t.emmie || []).map((e) => [e.id, e.label])),
      ratingOrder: (t.evidence_ratings || []).map((e) => e.id),
    });
    const none = {
      raw: null, focus_area: new Map(), topic: new Map(), type: new Map(), audience: new Map(),
      rating: new Map(), outcome: new Map(), evidence_base: new Map(), emmie: new Map(), ratingOrder: [],
    };
    // Offline: the copy kept with the offline data, if any (loaded only then).
    taxonomyPromise = api.taxonomy().then(maps, () => import('./offline-store.js')
      .then((m) => m.savedTaxonomy())
      .then((t) => (t ? maps(t) : none), () => none));
  }
  return taxonomyPromise;
}
