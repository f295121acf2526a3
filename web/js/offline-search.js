// Offline search over the resources saved on this device: a small inverted index built in memory
// from the IndexedDB copy (js/offline-store.js), with BM25 ranking over weighted fields, every
// word required (any word when nothing has them all), the last word as a prefix, and the search
// page's filters, sorts and paging. searchDevice answers in the shape of GET /api/v1/search, so
// the search page draws it as usual, with from_device: true.
//
// Words: Unicode letters and digits, lower-cased, accents removed, a few English stop words
// dropped, and a light English stemmer (plural and -ing/-ed endings), the same for documents and
// queries. A few hundred resources index in a few milliseconds; the index is rebuilt when the
// number of saved resources changes.

const STOP = new Set(('a an and are as at be but by for from has have how in into is it its of on or that the their ' +
  'this to was what when where which who why will with').split(' '));
const FIELDS = [['title', 4], ['keywords', 3], ['summary', 2], ['type', 1], ['source', 1], ['authors', 1], ['text', 1]];
const K1 = 1.2;
const B = 0.75;
const MAX_PREFIX_TERMS = 50;

export function stem(word) {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (/(sh|ch|x|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  return w;
}

export function words(text) {
  return String(text || '').normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
}

export function tokens(text) {
  return words(text).filter((w) => !STOP.has(w)).map(stem);
}

function fieldText(record, field) {
  const r = record.resource;
  if (field === 'text') return record.text;
  if (Array.isArray(r[field])) return r[field].join(' ');
  return r[field] || '';
}

// A record's weighted term frequencies ({term: frequency}) and length: computed once when a
// resource is stored (js/offline-store.js keeps them as record.terms), so that building the index
// on a page is only merging them.
export function termsOf(record) {
  const terms = {};
  let length = 0;
  for (const [field, weight] of FIELDS) {
    for (const term of tokens(fieldText(record, field))) {
      terms[term] = (terms[term] || 0) + weight;
      length += weight;
    }
  }
  return { terms, length };
}

export class OfflineIndex {
  constructor(records) {
    this.records = records;
    this.postings = new Map(); // term -> {docs: [doc...], tfs: [weighted frequency...]}
    this.lengths = [];
    records.forEach((record, doc) => {
      const { terms, length } = record.terms || termsOf(record);
      for (const term in terms) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = { docs: [], tfs: [] }));
        list.docs.push(doc);
        list.tfs.push(terms[term]);
      }
      this.lengths.push(length);
    });
    this.average = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, records.length);
    this.terms = [...this.postings.keys()].sort();
  }

  // The terms a query word stands for: itself, and for the last word the terms it begins.
  expand(term, isLast) {
    const found = this.postings.has(term) ? [term] : [];
    if (!isLast || term.length < 2) return found;
    for (const t of this.terms) {
      if (found.length >= MAX_PREFIX_TERMS) break;
      if (t !== term && t.startsWith(term)) found.push(t);
    }
    return found;
  }

  // Scores of the documents matching `query`: Map(doc -> score). Empty query: every document.
  match(query) {
    const raw = words(query).filter((w) => !STOP.has(w));
    const scores = new Map();
    if (!raw.length) {
      this.records.forEach((_, doc) => scores.set(doc, 0));
      return scores;
    }
    const n = this.records.length;
    const perWord = raw.map((w, i) => {
      const hits = new Map();
      const terms = new Set([...this.expand(stem(w), i === raw.length - 1), ...(i === raw.length - 1 ? this.expand(w, true) : [])]);
      for (const term of terms) {
        const { docs, tfs } = this.postings.get(term);
        const idf = Math.log(1 + (n - docs.length + 0.5) / (docs.length + 0.5));
        for (let k = 0; k < docs.length; k++) {
          const doc = docs[k];
          const tf = tfs[k];
          const norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * this.lengths[doc] / this.average));
          hits.set(doc, Math.max(hits.get(doc) || 0, idf * norm));
        }
      }
      return hits;
    });
    // Every word required; when nothing has them all, any word.
    const all = [...perWord[0].keys()].filter((doc) => perWord.every((h) => h.has(doc)));
    const docs = all.length ? all : [...new Set(perWord.flatMap((h) => [...h.keys()]))];
    for (const doc of docs) scores.set(doc, perWord.reduce((s, h) => s + (h.get(doc) || 0), 0));
    return scores;
  }
}

let cached = null; // {count, index}

async function deviceIndex() {
  const { allResources } = await import('./offline-store.js'); // (this file also runs in node tests)
  const records = await allResources();
  if (!cached || cached.count !== records.length) cached = { count: records.length, index: new OfflineIndex(records) };
  return cached.index;
}

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// A piece of the text around the first query word, escaped, the words in <mark> (the only tags
// the search page accepts in a snippet).
export function snippetOf(record, query) {
  const stems = tokens(query);
  if (!stems.length) return null;
  const text = record.text || record.resource.summary || '';
  const pattern = new RegExp(`[\\p{L}\\p{N}]+`, 'gu');
  let first = -1;
  for (const m of text.matchAll(pattern)) {
    if (stems.some((s) => stem(m[0].toLowerCase()).startsWith(s))) {
      first = m.index;
      break;
    }
  }
  if (first < 0) return null;
  const start = Math.max(0, first - 80);
  const piece = (start ? '…' : '') + text.slice(start, start + 220) + (start + 220 < text.length ? '…' : '');
  return escapeHtml(piece).replace(/[\p{L}\p{N}]+/gu, (w) => (stems.some((s) => stem(w.toLowerCase()).startsWith(s)) ? `<mark>${w}</mark>` : w));
}

const FACET_KEYS = { focus_area: 'focus_areas', topic: 'topics', type: 'type', audience: 'audience' };

function valuesOf(resource, key) {
  const v = resource[FACET_KEYS[key]];
  return Array.isArray(v) ? v : v ? [v] : [];
}

function yearOf(resource) {
  return (resource.published || '').slice(0, 4);
}

// state: the search page's {q, filters: {focus_area: [...], ...}, from, to, sort, page}.
export async function searchDevice(state, { perPage = 10 } = {}) {
  return searchIndex(await deviceIndex(), state, { perPage });
}

// The same over a given index (the tests build one from their own records).
export function searchIndex(index, state, { perPage = 10 } = {}) {
  const scores = index.match(state.q);
  const passes = (doc, skip) => {
    const r = index.records[doc].resource;
    for (const [key, wanted] of Object.entries(state.filters)) {
      if (key === skip || !wanted.length) continue;
      if (!valuesOf(r, key).some((v) => wanted.includes(v))) return false; // any of the values chosen
    }
    const year = yearOf(r);
    if (skip !== 'year' && state.from && (!year || year < state.from)) return false;
    if (skip !== 'year' && state.to && (!year || year > state.to)) return false;
    return true;
  };
  const docs = [...scores.keys()].filter((doc) => passes(doc));
  const by = {
    relevance: (a, b) => (state.q ? scores.get(b) - scores.get(a) : 0) || by.newest(a, b),
    newest: (a, b) => String(index.records[b].resource.published || '').localeCompare(String(index.records[a].resource.published || '')),
    oldest: (a, b) => String(index.records[a].resource.published || '').localeCompare(String(index.records[b].resource.published || '')),
    title: (a, b) => index.records[a].resource.title.localeCompare(index.records[b].resource.title, 'en'),
  };
  docs.sort(by[state.sort] || by.relevance);
  // Disjunctive counts, as the API gives them: each facet counted without its own filter.
  const facets = {};
  for (const key of Object.keys(FACET_KEYS)) {
    const counts = new Map();
    for (const doc of scores.keys()) {
      if (!passes(doc, key)) continue;
      for (const v of valuesOf(index.records[doc].resource, key)) counts.set(v, (counts.get(v) || 0) + 1);
    }
    for (const v of state.filters[key] || []) if (!counts.has(v)) counts.set(v, 0);
    facets[key] = [...counts].map(([value, count]) => ({ value, count, selected: (state.filters[key] || []).includes(value) }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  const years = new Map();
  for (const doc of scores.keys()) {
    const y = yearOf(index.records[doc].resource);
    if (y && passes(doc, 'year')) years.set(y, (years.get(y) || 0) + 1);
  }
  facets.year = [...years].map(([value, count]) => ({ value, count })).sort((a, b) => a.value.localeCompare(b.value));
  const page = docs.slice((state.page - 1) * perPage, state.page * perPage);
  return {
    total: docs.length,
    total_exact: true,
    from_device: true,
    device_count: index.records.length,
    results: page.map((doc) => Object.assign({}, index.records[doc].resource, { snippet: snippetOf(index.records[doc], state.q) })),
    facets,
  };
}
