// The curator API for the workspace (/curate): every call carries the key held for this tab.
// The key lives in sessionStorage (this tab only, gone when it closes) and in memory; never in
// localStorage. signOut() clears both.

const BASE = new URL('api/v1/', document.baseURI).pathname;
const KEY_ITEM = 'clearinghouse.curator.key';

let key = null;
try {
  key = window.sessionStorage.getItem(KEY_ITEM);
} catch {
  key = null;
}

export class CuratorError extends Error {
  constructor(status, data, message) {
    const e = (data && data.error) || {};
    super(e.message || message || `request failed (${status})`);
    this.status = status;
    this.code = e.code || 'error';
    this.param = e.param || null;
    this.data = data;
    this.error = e;
  }
}

export function currentKey() {
  return key;
}

export function signIn(secret) {
  key = secret;
  try {
    window.sessionStorage.setItem(KEY_ITEM, secret);
  } catch {
    // Memory only, then.
  }
}

export function signOut() {
  key = null;
  try {
    window.sessionStorage.removeItem(KEY_ITEM);
  } catch {
    // Nothing kept.
  }
}

// One request; returns {status, data, text, etag} or throws CuratorError for a status >= 400.
async function call(path, { method = 'GET', params, body, type, headers = {}, curator = true } = {}) {
  let url = BASE + path;
  if (params) {
    const q = new URLSearchParams(params).toString();
    if (q) url += '?' + q;
  }
  const h = { Accept: 'application/json', ...headers };
  if (curator && key) h.Authorization = 'Bearer ' + key;
  if (body !== undefined) h['Content-Type'] = type || 'application/json';
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: h,
      body: body === undefined ? undefined : type ? body : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new CuratorError(0, null, 'The server could not be reached. Check your connection and try again.');
  }
  const text = response.status === 204 ? '' : await response.text();
  let data = null;
  if (text && (response.headers.get('Content-Type') || '').startsWith('application/json')) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) throw new CuratorError(response.status, data);
  const etag = (response.headers.get('ETag') || '').replace(/^W\//, '').replace(/"/g, '');
  return { status: response.status, data, text, etag };
}

const md = (text) => ({ body: text, type: 'text/markdown' });

export const curator = {
  session: () => call('curator/session'),
  source: (id) => call('curator/resources/' + encodeURIComponent(id) + '/source'),
  validate: (text) => call('curator/validate', { method: 'POST', ...md(text) }),
  create: (text) => call('curator/resources', { method: 'POST', ...md(text) }),
  replace: (id, text, version) => call('curator/resources/' + encodeURIComponent(id), {
    method: 'PUT', ...md(text), headers: version ? { 'If-Match': `"${version}"` } : {},
  }),
  remove: (id, version, force) => call('curator/resources/' + encodeURIComponent(id), {
    method: 'DELETE', params: force ? { force: 'true' } : undefined,
    headers: version ? { 'If-Match': `"${version}"` } : {},
  }),
  audit: (params) => call('curator/audit', { params }),
  version: (hash) => call('curator/audit/versions/' + encodeURIComponent(hash)),
  suggestions: (params) => call('curator/suggestions', { params }),
  suggestion: (id) => call('curator/suggestions/' + encodeURIComponent(id)),
  decide: (id, body, version) => call('curator/suggestions/' + encodeURIComponent(id), {
    method: 'PATCH', body, headers: version ? { 'If-Match': `"${version}"` } : {},
  }),
  // Public routes, without the key.
  search: (params) => call('search', { params, curator: false }),
  taxonomy: () => call('taxonomy', { curator: false }),
  suggest: (q) => call('suggest', { params: { q }, curator: false }),
  resources: (ids) => call('resources', { params: { ids: ids.join(',') }, curator: false }),
};
