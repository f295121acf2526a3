// The resource file as the workspace's form sees it: YAML front matter + Markdown body.
//
// parseDocument(text) splits the front matter into top-level entries (a `key:` line at column 0
// and every line below it that is indented, a list item, a comment or blank) and reads the
// values of the fields the form knows when they are simple YAML (plain or quoted scalars, flow
// [a, b] or block "- a" lists). composeDocument(doc, values) writes the file back: each entry
// in its original place, known fields from the form (left out when empty), unknown fields and
// comments exactly as they were, then known fields that were not in the file. A known field
// whose YAML the form cannot read (a block scalar, say) is kept as it is and reported in
// `doc.rawKnown`, so nothing is ever dropped. The `evidence:` block is read and written by
// curate-evidence.js.

import { readEvidence, sameEvidence, writeEvidence } from './curate-evidence.js';

export const FIELDS = ['id', 'title', 'summary', 'type', 'focus_areas', 'topics', 'audience', 'source',
  'authors', 'published', 'updated', 'url', 'duration', 'language', 'keywords', 'related', 'translations', 'evidence'];
export const LIST_FIELDS = new Set(['focus_areas', 'topics', 'audience', 'authors', 'keywords', 'related', 'translations']);
// Values written without quotes: ids and dates.
const PLAIN_FIELDS = new Set(['id', 'type', 'published', 'updated', 'language', 'focus_areas', 'topics',
  'audience', 'related', 'translations']);

function unquote(raw) {
  const v = raw.trim();
  if (v.startsWith('"')) {
    try {
      return JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (v.startsWith("'")) {
    if (!v.endsWith("'") || v.length < 2) return undefined;
    return v.slice(1, -1).replace(/''/g, "'");
  }
  if (/^[|>&*!%@`{]/.test(v)) return undefined;  // block scalars, anchors, tags, maps
  return v.replace(/\s+#.*$/, '');
}

// "[a, "b, c", d]  # note" -> ['a', 'b, c', 'd']; undefined when it is not a simple flow list
// (nested lists or maps, an unclosed bracket, or anything but a comment after it).
function flowList(raw) {
  const v = raw.trim();
  if (!v.startsWith('[')) return undefined;
  const items = [];
  let cur = '';
  let quote = null;
  let end = -1;
  for (let i = 1; i < v.length && end < 0; i++) {
    const c = v[i];
    if (quote) {
      cur += c;
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === ',') {
      items.push(cur);
      cur = '';
    } else if (c === ']') {
      end = i;
    } else if (c === '[' || c === '{') {
      return undefined;
    } else {
      cur += c;
    }
  }
  if (end < 0 || !/^(\s+#.*)?$/.test(v.slice(end + 1))) return undefined;
  if (cur.trim()) items.push(cur);
  const out = items.map(unquote);
  return out.some((x) => x === undefined) ? undefined : out.filter((x) => x !== '');
}

function readValue(name, lines) {
  if (name === 'evidence') return readEvidence(lines);
  const first = lines[0].slice(lines[0].indexOf(':') + 1);
  const rest = lines.slice(1).filter((l) => l.trim() && !l.trim().startsWith('#'));
  if (LIST_FIELDS.has(name)) {
    if (!first.trim() || first.trim().startsWith('#')) {
      const items = rest.map((l) => (/^\s*-\s+(.*)$/.exec(l) || [])[1]).map((x) => (x === undefined ? undefined : unquote(x)));
      return items.some((x) => x === undefined) ? undefined : items;
    }
    if (rest.length) return undefined;
    // A bracket the form cannot read is kept as written (undefined), never split by commas.
    if (first.trim().startsWith('[')) return flowList(first);
    const one = unquote(first);
    return one === undefined ? undefined : one ? [one] : [];
  }
  if (rest.length) return undefined;
  return unquote(first);
}

export function parseDocument(text) {
  const doc = { entries: [], values: {}, rawKnown: [], body: text, hadFrontMatter: false };
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[0] !== '---') return doc;
  const end = lines.indexOf('---', 1);
  if (end < 0) return doc;
  doc.hadFrontMatter = true;
  doc.body = lines.slice(end + 1).join('\n');
  let current = { key: null, lines: [] };
  for (const line of lines.slice(1, end)) {
    const m = /^([A-Za-z_][\w-]*)\s*:(\s|$)/.exec(line);
    if (m) {
      if (current.lines.length) doc.entries.push(current);
      current = { key: m[1], lines: [line] };
    } else {
      current.lines.push(line);
    }
  }
  if (current.lines.length) doc.entries.push(current);
  for (const e of doc.entries) {
    if (!e.key || !FIELDS.includes(e.key)) continue;
    const value = readValue(e.key, e.lines);
    if (value === undefined) {
      e.raw = true;
      doc.rawKnown.push(e.key);
    } else {
      doc.values[e.key] = value;
    }
  }
  return doc;
}

function yamlScalar(name, value) {
  if (PLAIN_FIELDS.has(name) && /^[A-Za-z0-9][\w.-]*$/.test(value)) return value;
  return JSON.stringify(value);
}

function yamlEntry(name, value) {
  if (name === 'evidence') return writeEvidence(value).join('\n') || null;
  if (LIST_FIELDS.has(name)) {
    const items = (value || []).filter((v) => v !== '');
    if (!items.length) return null;
    return `${name}: [${items.map((v) => yamlScalar(name, v)).join(', ')}]`;
  }
  if (value === undefined || value === null || value === '') return null;
  return `${name}: ${yamlScalar(name, value)}`;
}

// Fields the form shows as checkboxes: sets, whose order in the file means nothing.
const SET_FIELDS = new Set(['focus_areas', 'topics', 'audience']);

// Whether the form's value of field `name` is the one the file holds (lists compared without
// their empty items, as yamlEntry writes them; checkbox fields in any order).
function sameValue(name, a, b) {
  const norm = (v) => {
    if (!Array.isArray(v)) return v ?? '';
    const items = v.filter((x) => x !== '');
    return SET_FIELDS.has(name) ? [...items].sort() : items;
  };
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

// `values`: the form's fields (strings, lists of strings); `body`: the Markdown text. A field the
// form did not change keeps its lines as written (quotes, spacing, block lists, comments), so the
// saved diff shows only what the curator changed.
export function composeDocument(doc, values, body) {
  const out = ['---'];
  const written = new Set();
  for (const e of doc.entries) {
    const unchanged = e.key === 'evidence'
      ? sameEvidence(values.evidence, doc.values.evidence)
      : sameValue(e.key, values[e.key], doc.values[e.key]);
    if (e.key && FIELDS.includes(e.key) && !e.raw && unchanged) {
      written.add(e.key);
      out.push(...e.lines);  // unchanged: kept as written, with its comments
    } else if (e.key && FIELDS.includes(e.key) && !e.raw) {
      written.add(e.key);
      const line = yamlEntry(e.key, values[e.key]);
      if (line) out.push(line);
      // Comments and blank lines that followed the field stay.
      out.push(...e.lines.slice(1).filter((l) => !l.trim() || l.trim().startsWith('#')));
    } else {
      if (e.key) written.add(e.key);
      out.push(...e.lines);
    }
  }
  for (const name of FIELDS) {
    if (written.has(name)) continue;
    const line = yamlEntry(name, values[name]);
    if (line) out.push(line);
  }
  out.push('---');
  const text = body.replace(/\r\n/g, '\n');
  return out.join('\n') + '\n' + (text.endsWith('\n') || !text ? text : text + '\n');
}

// The number of lines before the body (both --- lines included).
export function bodyLineOffset(markdown) {
  const lines = markdown.split('\n');
  if (lines[0] !== '---') return 0;
  const end = lines.indexOf('---', 1);
  return end < 0 ? 0 : end + 1;
}

// A line diff of a and b: [{op: ' ' | '-' | '+', line}], or null when too large to compare.
export function diffLines(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length * y.length > 4e6) return null;
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ op: ' ', line: x[i++] });
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ op: '-', line: x[i++] });
    } else {
      out.push({ op: '+', line: y[j++] });
    }
  }
  while (i < n) out.push({ op: '-', line: x[i++] });
  while (j < m) out.push({ op: '+', line: y[j++] });
  return out;
}

// Fills a <pre> with the diff: changed lines and 2 lines of context around them.
export function renderDiff(pre, a, b) {
  const diff = diffLines(a, b);
  pre.replaceChildren();
  if (!diff) {
    pre.textContent = 'The versions are too long to compare here.';
    return;
  }
  if (!diff.some((d) => d.op !== ' ')) {
    pre.textContent = 'No differences.';
    return;
  }
  const keep = diff.map((d, k) => diff.slice(Math.max(0, k - 2), k + 3).some((e) => e.op !== ' '));
  let skipped = false;
  diff.forEach((d, k) => {
    if (!keep[k]) {
      if (!skipped) pre.append(Object.assign(document.createElement('span'), { className: 'diff-skip', textContent: '⋯\n' }));
      skipped = true;
      return;
    }
    skipped = false;
    const span = document.createElement(d.op === '+' ? 'ins' : d.op === '-' ? 'del' : 'span');
    span.className = d.op === '+' ? 'diff-ins' : d.op === '-' ? 'diff-del' : 'diff-same';
    span.textContent = `${d.op === ' ' ? ' ' : d.op} ${d.line}\n`;
    pre.append(span);
  });
}
