// The toolkit being built, kept in localStorage so that it survives reloads and is shared by every
// tab (other tabs hear of changes through the storage event). Also the edit keys of the toolkits
// this browser saved: a key is returned once by the server and is the only way to change a toolkit.
//
// Draft shape: {title, description, sections: [{id, title}], items: [{resource_id, note,
// section_id, resource}], id, version, dirty, changed_at}. `resource` caches the summary shown in
// lists; `id` and `version` are set once the draft has been saved to the server; `dirty` says
// whether it has changes the server has not seen. `language` is the saved toolkit's language (its
// exports are in it); null until saved, when the page's language is sent.

import { lang } from './i18n.js';

const DRAFT_KEY = 'clearinghouse.toolkit.draft.v1';
const KEYS_KEY = 'clearinghouse.toolkit.keys.v1';

const memory = new Map(); // fallback when localStorage is blocked (private modes, policies)

function read(key) {
  try {
    const raw = window.localStorage.getItem(key);
    return raw === null ? null : JSON.parse(raw);
  } catch {
    const raw = memory.get(key);
    return raw === undefined ? null : JSON.parse(raw);
  }
}

function write(key, value) {
  const raw = JSON.stringify(value);
  try {
    window.localStorage.setItem(key, raw);
  } catch {
    memory.set(key, raw);
  }
}

export function emptyDraft() {
  return { title: '', description: '', sections: [], items: [], id: null, version: null, language: null, dirty: false, changed_at: 0 };
}

function normalise(d) {
  const draft = Object.assign(emptyDraft(), d && typeof d === 'object' ? d : {});
  draft.sections = Array.isArray(draft.sections) ? draft.sections.filter((s) => s && s.id) : [];
  const sectionIds = new Set(draft.sections.map((s) => s.id));
  const seen = new Set();
  draft.items = (Array.isArray(draft.items) ? draft.items : []).filter((it) => {
    if (!it || typeof it.resource_id !== 'string' || seen.has(it.resource_id)) return false;
    seen.add(it.resource_id);
    return true;
  }).map((it) => ({
    resource_id: it.resource_id,
    note: typeof it.note === 'string' ? it.note : '',
    section_id: it.section_id && sectionIds.has(it.section_id) ? it.section_id : null,
    resource: it.resource || null,
  }));
  return draft;
}

// The summary fields kept for an item, from a search result, a resource page or a toolkit item.
export function summaryOf(r) {
  if (!r) return null;
  return {
    id: r.id,
    title: r.title,
    summary: r.summary || '',
    type: r.type || null,
    focus_areas: r.focus_areas || [],
    source: r.source || null,
    published: r.published || null,
    url: r.url || null,
    // The resource's own language: its title and summary are marked with it (lang=).
    language: r.language || null,
    // Kept so that the builder can say how many items are rated; null when unrated (an item kept
    // before this field existed has none: unknown).
    evidence: r.evidence || null,
  };
}

// A toolkit from the API (saved, featured or drafted) as a draft.
export function draftFromToolkit(t, { keepId = true } = {}) {
  return normalise({
    title: t.title || '',
    description: t.description || '',
    sections: (t.sections || []).map((s) => ({ id: s.id, title: s.title })),
    items: (t.items || []).map((it) => ({
      resource_id: it.resource_id,
      note: it.note || '',
      section_id: it.section_id || null,
      resource: it.resource ? summaryOf(it.resource) : null,
    })),
    id: keepId ? t.id || null : null,
    version: keepId ? t.version || null : null,
    language: keepId && t.id ? t.language || null : null,
    dirty: !keepId || !t.id,
    changed_at: Date.now(),
  });
}

// The request body for create and replace.
export function requestBody(draft, { withVersion = false } = {}) {
  const body = {
    title: draft.title.trim(),
    description: draft.description,
    language: draft.language || lang,
    sections: draft.sections.map((s) => ({ id: s.id, title: s.title })),
    items: draft.items.map((it) => {
      const item = { resource_id: it.resource_id };
      if (it.note) item.note = it.note;
      if (it.section_id) item.section_id = it.section_id;
      return item;
    }),
  };
  if (withVersion && draft.version) body.version = draft.version;
  return body;
}

const listeners = new Set();

function notify(source) {
  for (const fn of listeners) fn(source);
}

window.addEventListener('storage', (event) => {
  if (event.key === DRAFT_KEY || event.key === KEYS_KEY || event.key === null) notify('storage');
});

export const toolkitStore = {
  load() {
    return normalise(read(DRAFT_KEY));
  },
  // Saves the draft. `edited` (default true) marks it as having unsaved changes.
  save(draft, { edited = true } = {}) {
    const d = normalise(draft);
    if (edited) {
      d.dirty = true;
      d.changed_at = Date.now();
    }
    write(DRAFT_KEY, d);
    notify('local');
    return d;
  },
  replace(draft) {
    const d = normalise(draft);
    write(DRAFT_KEY, d);
    notify('local');
    return d;
  },
  clear() {
    write(DRAFT_KEY, emptyDraft());
    notify('local');
  },
  // Removes the toolkit and the edit keys from this browser (the safety page's button).
  forgetAll() {
    try {
      localStorage.removeItem(DRAFT_KEY);
      localStorage.removeItem(KEYS_KEY);
    } finally {
      notify('local');
    }
  },
  count() {
    return this.load().items.length;
  },
  has(resourceId) {
    return this.load().items.some((it) => it.resource_id === resourceId);
  },
  add(resource) {
    const d = this.load();
    if (d.items.some((it) => it.resource_id === resource.id)) return d;
    d.items.push({ resource_id: resource.id, note: '', section_id: null, resource: summaryOf(resource) });
    return this.save(d);
  },
  remove(resourceId) {
    const d = this.load();
    d.items = d.items.filter((it) => it.resource_id !== resourceId);
    return this.save(d);
  },
  // True when replacing the draft would lose work: it has content the server has not seen.
  hasUnsavedWork() {
    const d = this.load();
    const empty = !d.items.length && !d.title.trim() && !d.description.trim();
    return !empty && (d.dirty || !d.id);
  },
  subscribe(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },

  // Edit keys: {id: {key, title, saved_at}}.
  keys() {
    const k = read(KEYS_KEY);
    return k && typeof k === 'object' ? k : {};
  },
  keyFor(id) {
    const entry = this.keys()[id];
    return entry ? entry.key : null;
  },
  rememberKey(id, key, title) {
    const all = this.keys();
    all[id] = { key: key || (all[id] && all[id].key), title, saved_at: new Date().toISOString() };
    write(KEYS_KEY, all);
    notify('local');
  },
  forgetKey(id) {
    const all = this.keys();
    delete all[id];
    write(KEYS_KEY, all);
    notify('local');
  },
};
