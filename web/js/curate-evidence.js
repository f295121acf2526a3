// The `evidence:` block of a program or practice profile (docs/resource-format.md, "Evidence
// ratings") in the workspace's editor: read from the file, edited in a fieldset of ratings, and
// written back.
//
// readEvidence(lines): the block's lines (the `evidence:` line and the indented lines under it)
// -> {sample_data, ratings: [{outcome, rating, evidence_base, rated_by, url, date}], emmie}, or
// undefined when the YAML is not the simple shape this reader knows (flow maps, anchors, block
// scalars, a key the format does not have): the block is then kept exactly as written and the
// section is disabled. writeEvidence(value) -> the block's lines, or [] when there is nothing
// to write. Every rating row is written, in order, even an empty one, so that the server's
// problem `evidence.ratings[N].field` points at row N of the form.
// sameEvidence(a, b): whether two values write the same block. No DOM here (the form is
// curate-evidence-form.js).

export const RATING_KEYS = ['outcome', 'rating', 'evidence_base', 'rated_by', 'url', 'date'];
const BLOCK_KEYS = ['sample_data', 'ratings', 'emmie'];
// The ids of the taxonomy's types marked `rated: true` (the taxonomy API's `rated`); the server's
// validation is the check: another type with ratings gets its message at the section.
export function ratedTypes(taxonomy) {
  return (taxonomy?.types || []).filter((t) => t.rated).map((t) => t.id);
}

// A scalar after `key:`; undefined when it is not a plain or quoted single-line value.
function scalar(raw) {
  const v = raw.trim();
  let m = /^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(v);
  if (m) {
    try {
      return JSON.parse('"' + m[1] + '"');
    } catch {
      return undefined;
    }
  }
  m = /^'((?:[^']|'')*)'\s*(?:#.*)?$/.exec(v);
  if (m) return m[1].replace(/''/g, "'");
  if (/^["'|>&*!%@`{[]/.test(v)) return undefined;
  return v.replace(/(^|\s+)#.*$/, '');
}

function flow(raw) {
  const v = raw.replace(/\s+#.*$/, '').trim();
  if (!v.startsWith('[') || !v.endsWith(']')) return undefined;
  const inner = v.slice(1, -1).trim();
  if (!inner) return [];
  const items = inner.split(',').map((s) => scalar(s));
  return items.some((x) => x === undefined || x === '') ? undefined : items;
}

const indent = (line) => line.length - line.trimStart().length;
const KEY = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$/;

function readRatings(rows) {
  const ratings = [];
  let keyIndent = -1;
  for (const { line } of rows) {
    const text = line.trimStart();
    let body = text;
    if (text.startsWith('- ') || text === '-') {
      body = text.slice(1).trimStart();
      keyIndent = indent(line) + (text.length - body.length);
      ratings.push({});
      if (body === '{}' || body === '') continue;
    } else if (!ratings.length || indent(line) !== keyIndent) {
      return undefined;
    }
    const m = KEY.exec(body);
    if (!m || !RATING_KEYS.includes(m[1])) return undefined;
    const value = scalar(m[2] || '');
    if (value === undefined) return undefined;
    ratings[ratings.length - 1][m[1]] = value;
  }
  return ratings;
}

export function readEvidence(lines) {
  if (!/^evidence\s*:\s*(#.*)?$/.test(lines[0])) return undefined;
  const rows = lines.slice(1).filter((l) => l.trim() && !l.trim().startsWith('#')).map((line) => ({ line }));
  if (!rows.length) return { sample_data: false, ratings: [], emmie: [] };
  const top = indent(rows[0].line);
  const groups = [];
  for (const row of rows) {
    const deeper = indent(row.line) > top || (indent(row.line) === top && row.line.trimStart().startsWith('-'));
    if (deeper && groups.length) groups[groups.length - 1].rows.push(row);
    else if (indent(row.line) === top) groups.push({ line: row.line.trim(), rows: [] });
    else return undefined;
  }
  const out = { sample_data: false, ratings: [], emmie: [] };
  for (const g of groups) {
    const m = KEY.exec(g.line);
    if (!m || !BLOCK_KEYS.includes(m[1])) return undefined;
    const rest = (m[2] || '').replace(/^#.*$/, '').trim();
    if (m[1] === 'sample_data') {
      const v = scalar(rest);
      if (g.rows.length || (v !== 'true' && v !== 'false')) return undefined;
      out.sample_data = v === 'true';
    } else if (m[1] === 'emmie') {
      if (rest) {
        if (g.rows.length) return undefined;
        out.emmie = flow(rest);
      } else {
        out.emmie = g.rows.map(({ line }) => (/^\s*-\s+(.*)$/.exec(line) || [])[1]).map((x) => (x === undefined ? undefined : scalar(x)));
      }
      if (!out.emmie || out.emmie.some((x) => x === undefined)) return undefined;
    } else {
      if (rest) return undefined;
      out.ratings = readRatings(g.rows);
      if (!out.ratings) return undefined;
    }
  }
  return out;
}

// Whether two values write the same block (the form's rows carry '' for empty fields).
export function sameEvidence(a, b) {
  const norm = (v) => JSON.stringify(v ? [Boolean(v.sample_data), (v.ratings || []).map((r) => RATING_KEYS.map((k) => r[k] || '')), v.emmie || []] : [false, [], []]);
  return norm(a) === norm(b);
}

const plain = (v) => (/^[A-Za-z0-9][\w.-]*$/.test(v) ? v : JSON.stringify(v));

export function writeEvidence(value) {
  if (!value) return [];
  const ratings = value.ratings || [];
  const emmie = value.emmie || [];
  if (!ratings.length && !emmie.length && !value.sample_data) return [];
  const out = ['evidence:'];
  if (value.sample_data) out.push('  sample_data: true');
  if (ratings.length) out.push('  ratings:');
  for (const r of ratings) {
    const keys = RATING_KEYS.filter((k) => r[k]);
    if (!keys.length) out.push('    - {}');
    keys.forEach((k, i) => {
      const v = k === 'rated_by' || k === 'url' ? JSON.stringify(r[k]) : plain(r[k]);
      out.push(`${i === 0 ? '    - ' : '      '}${k}: ${v}`);
    });
  }
  if (emmie.length) out.push(`  emmie: [${emmie.join(', ')}]`);
  return out;
}

