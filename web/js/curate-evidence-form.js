// The evidence ratings' fieldset of the workspace's editor (ids f-evidence*, err-evidence*):
// evidenceSection(taxonomy, onChange) -> {box, get(), set(value, raw), show(typeIsRated),
// slot(field)}. get()/set() use the value of curate-evidence.js's readEvidence; `raw` disables
// the section (a block the form cannot read, kept as written). slot(field) maps a problem's
// field ("evidence.ratings[2].outcome") to {input, error, label} ids. Outcomes, ratings,
// evidence bases and EMMIE come from the taxonomy, with their labels. One section per page.

import { el } from './common.js';
import { RATING_KEYS } from './curate-evidence.js';

const RATING_LABELS = {
  outcome: 'Outcome', rating: 'Rating', evidence_base: 'Evidence base', rated_by: 'Rated by (name)',
  url: 'Link to the rating (optional)', date: 'Date rated (YYYY, YYYY-MM or YYYY-MM-DD)',
};

export function evidenceSection(taxonomy, onChange) {
  const t = taxonomy || {};
  const lists = { outcome: t.outcomes || [], rating: t.evidence_ratings || [], evidence_base: t.evidence_bases || [] };
  let rows = [];
  let disabled = false;
  const list = el('div', { id: 'f-evidence-ratings', class: 'stack' });
  const add = el('button', { type: 'button', class: 'btn btn-small btn-secondary', id: 'evidence-add', text: 'Add a rating' });
  const sample = el('input', { type: 'checkbox', id: 'f-evidence-sample_data', 'aria-describedby': 'err-evidence-sample_data' });
  const emmie = el('fieldset', { id: 'f-evidence-emmie', class: 'checkbox-group', 'aria-describedby': 'hint-evidence-emmie err-evidence-emmie' },
    el('legend', { text: 'What the evidence covers (EMMIE, optional)' }),
    el('p', { class: 'hint', id: 'hint-evidence-emmie', text: 'Tick what the studies looked at.' }),
    (t.emmie || []).map((e) => el('label', { class: 'facet-option' }, el('input', { type: 'checkbox', name: 'evidence-emmie', value: e.id }), ` ${e.label}`)),
    el('p', { class: 'field-error', id: 'err-evidence-emmie' }));
  const box = el('fieldset', { id: 'f-evidence', class: 'checkbox-group evidence-editor', 'aria-describedby': 'hint-evidence err-evidence' },
    el('legend', { text: 'Evidence ratings' }),
    el('p', { class: 'hint', id: 'hint-evidence', text: 'How strong the evidence is that it works, one rating per outcome and rater. Leave it empty when it has not been rated.' }),
    el('p', { class: 'field-error', id: 'err-evidence' }),
    list,
    el('p', { class: 'field-error', id: 'err-evidence-ratings' }),
    el('div', { class: 'button-row' }, add),
    emmie,
    el('div', { class: 'field' },
      el('label', { class: 'facet-option' }, sample, ' These ratings are sample data (invented, shown as such)'),
      el('p', { class: 'field-error', id: 'err-evidence-sample_data' })));

  const read = () => rows.map((_, i) => Object.fromEntries(RATING_KEYS.map((k) => [k, box.querySelector(`#f-evidence-${i}-${k}`).value.trim()])));

  function control(i, k, value) {
    const id = `f-evidence-${i}-${k}`;
    const attrs = { id, name: id, 'aria-describedby': `err-evidence-${i}-${k}` };
    let node;
    if (lists[k]) {
      const known = lists[k].some((e) => e.id === value);
      node = el('select', attrs, el('option', { value: '', text: `Choose ${k === 'evidence_base' ? 'an evidence base' : k === 'outcome' ? 'an outcome' : 'a rating'}` }),
        lists[k].map((e) => el('option', { value: e.id, text: e.label })),
        value && !known ? el('option', { value, text: `${value} (not in the taxonomy)` }) : null);
    } else {
      node = el('input', { ...attrs, type: k === 'url' ? 'url' : 'text', autocomplete: 'off', ...(k === 'date' ? { inputmode: 'numeric' } : {}) });
    }
    node.value = value || '';
    node.disabled = disabled;
    return el('div', { class: 'field' }, el('label', { for: id, text: RATING_LABELS[k] }), node, el('p', { class: 'field-error', id: `err-evidence-${i}-${k}` }));
  }

  function render(values) {
    rows = values;
    list.replaceChildren(...values.map((r, i) => el('fieldset', { class: 'checkbox-group evidence-rating', id: `f-evidence-${i}`, 'aria-describedby': `err-evidence-${i}` },
      el('legend', { text: `Rating ${i + 1}` }),
      el('p', { class: 'field-error', id: `err-evidence-${i}` }),
      RATING_KEYS.map((k) => control(i, k, r[k])),
      el('button', { type: 'button', class: 'btn btn-small btn-secondary', 'data-remove': String(i), disabled, text: `Remove rating ${i + 1}` }))));
  }

  add.addEventListener('click', () => {
    render([...read(), {}]);
    box.querySelector(`#f-evidence-${rows.length - 1}-outcome`).focus();
    onChange();
  });
  list.addEventListener('click', (event) => {
    const i = event.target.dataset && event.target.dataset.remove;
    if (i === undefined) return;
    const values = read();
    values.splice(Number(i), 1);
    render(values);
    (box.querySelector(`[data-remove="${Math.min(Number(i), rows.length - 1)}"]`) || add).focus();
    onChange();
  });

  return {
    box,
    get: () => ({ sample_data: sample.checked, ratings: read(), emmie: [...emmie.querySelectorAll('input:checked')].map((x) => x.value) }),
    set(value, raw) {
      disabled = Boolean(raw);
      const v = value || { sample_data: false, ratings: [], emmie: [] };
      render((v.ratings || []).map((r) => ({ ...r })));
      sample.checked = Boolean(v.sample_data);
      const chosen = new Set(v.emmie || []);
      for (const c of emmie.querySelectorAll('input')) c.checked = chosen.has(c.value);
      for (const n of [add, sample, ...emmie.querySelectorAll('input')]) n.disabled = disabled;
    },
    // Shown for rated types, and whenever it holds something (so that its errors are seen).
    show(rated) {
      const v = this.get();
      box.parentElement.hidden = !(rated || v.ratings.length || v.emmie.length || v.sample_data || disabled);
    },
    // "evidence.ratings[2].outcome" -> the row's outcome select and its error slot.
    slot(field) {
      let m = /^evidence\.ratings\[(\d+)\](?:\.(\w+))?$/.exec(field);
      if (m && Number(m[1]) < rows.length) {
        const suffix = m[2] && RATING_KEYS.includes(m[2]) ? `${m[1]}-${m[2]}` : m[1];
        return { input: `f-evidence-${suffix}`, error: `err-evidence-${suffix}`, label: `Rating ${Number(m[1]) + 1}${m[2] ? ': ' + (RATING_LABELS[m[2]] || m[2]) : ''}` };
      }
      m = /^evidence\.(ratings|emmie|sample_data)$/.exec(field);
      if (m) return { input: m[1] === 'ratings' ? 'f-evidence' : `f-evidence-${m[1]}`, error: `err-evidence-${m[1]}`, label: 'Evidence ratings' };
      if (field === 'evidence' || (field || '').startsWith('evidence.')) return { input: 'f-evidence', error: 'err-evidence', label: 'Evidence ratings' };
      return null;
    },
  };
}
