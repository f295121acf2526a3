// The editor's fields that list other resources ("related", "translations"): picked by
// searching, not typed as ids. A combobox (the same pattern as the site's search box:
// combobox.js) offers the titles of resources that match the words typed; a chosen one becomes a
// chip with its title, removed by pressing it. The front matter still stores ids (ids()); ids
// already in a file get their titles from /api/v1/resources, and one that is not in the library
// shows as "(not in the library)".
//
// Element ids for a field NAME: f-NAME (the search input, so errors and problem links land on
// it), NAME-options (its listbox), NAME-chips, NAME-count, hint-NAME, err-NAME.

import { curator } from './curate-api.js';
import { setupCombobox } from './combobox.js';
import { announce, el } from './common.js';

const MAX_OPTIONS = 8;

// Resources whose title or text matches `q`: title matches first (partial words), then search
// results; none in `skip`.
async function findResources(q, skip) {
  const text = q.slice(0, 200);
  const [titles, results] = await Promise.all([
    curator.suggest(text).then(({ data }) => data.suggestions.filter((s) => s.kind === 'title' && s.id)
      .map((s) => ({ id: s.id, title: s.text }))).catch(() => []),
    curator.search(new URLSearchParams({ q: text, per_page: String(MAX_OPTIONS), autocorrect: 'false' }))
      .then(({ data }) => data.results.map((r) => ({ id: r.id, title: r.title }))).catch(() => []),
  ]);
  const seen = new Set(skip);
  const out = [];
  for (const r of [...titles, ...results]) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push({ kind: 'title', text: r.title, id: r.id });
    if (out.length === MAX_OPTIONS) break;
  }
  return out;
}

// `name`: the front-matter field; `label`, `hint`: what the curator reads; `noun`: how the
// announcements name the list ("related resources"); `onChange`: called after each add or remove.
export function resourcePicker({ name, label, hint, noun, onChange }) {
  let chosen = [];  // [{id, title, missing}]
  let self = null;  // the resource being edited: never offered
  let locked = false;
  let combobox = null;
  let lookup = 0;

  const input = el('input', {
    id: 'f-' + name, type: 'text', spellcheck: 'false',
    'aria-describedby': `hint-${name} ${name}-count err-${name}`,
  });
  const listbox = el('ul', { id: name + '-options', class: 'suggestions', role: 'listbox', 'aria-label': 'Matching resources', hidden: true });
  const chips = el('ul', { id: name + '-chips', class: 'chips picked-chips', 'aria-label': `Chosen: ${label}` });
  const count = el('p', { id: name + '-count', class: 'hint' });
  const box = el('div', { class: 'field picker-field', id: 'field-' + name },
    el('label', { for: 'f-' + name, text: label }), chips, count,
    el('div', { class: 'combo' }, input, listbox),
    el('p', { class: 'hint', id: 'hint-' + name, text: hint }),
    el('p', { class: 'field-error', id: 'err-' + name }));
  // Enter with no option highlighted must not save the whole form.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !input.getAttribute('aria-activedescendant')) event.preventDefault();
  });

  function render() {
    chips.replaceChildren(...chosen.map((c, i) => el('li', {},
      el('button', {
        type: 'button', class: 'chip', 'data-id': c.id, disabled: locked,
        'aria-label': `Remove ${c.title}${c.missing ? ' (not in the library)' : ''}`,
        onclick: () => remove(i),
      },
      el('span', { text: c.title }),
      c.missing ? el('span', { class: 'chip-note', text: '(not in the library)' }) : null,
      el('span', { class: 'x', 'aria-hidden': 'true', text: '×' })))));
    count.textContent = chosen.length ? `${chosen.length} chosen.` : 'None chosen.';
  }

  function add(item) {
    if (chosen.some((c) => c.id === item.id)) return;
    chosen.push(item);
    render();
    combobox.reset('');
    input.focus();
    announce(`Added “${item.title}” to the ${noun}.`);
    onChange();
  }

  function remove(index) {
    const [gone] = chosen.splice(index, 1);
    render();
    const buttons = chips.querySelectorAll('button');
    (buttons[Math.min(index, buttons.length - 1)] || input).focus();
    announce(`Removed “${gone.title}” from the ${noun}.`);
    onChange();
  }

  return {
    box,
    // Wires the combobox once the field is in the document (`form`: the editor's form).
    install(form) {
      combobox = setupCombobox({
        input, listbox, form,
        fetchSuggestions: (q) => findResources(q, [self, ...chosen.map((c) => c.id)]),
        onPick: (s) => add({ id: s.id, title: s.text, missing: false }),
      });
    },
    // The ids, in the order chosen, for the front matter.
    ids: () => chosen.map((c) => c.id),
    // The resource being edited (null for a new one).
    setSelf(id) {
      self = id;
    },
    // Shows `ids` (from the file) as chips, titles looked up in the library. `readOnly`: the
    // file writes the field in a way the form cannot edit, so it is shown but not changed.
    set(ids, readOnly = false) {
      locked = readOnly;
      chosen = ids.map((id) => ({ id, title: id, missing: false }));
      input.disabled = readOnly;
      if (combobox) combobox.reset('');
      render();
      const mine = ++lookup;
      if (!ids.length) return;
      curator.resources(ids.slice(0, 100)).then(({ data }) => {
        if (mine !== lookup) return;
        const titles = new Map(data.resources.map((r) => [r.id, r.title]));
        const missing = new Set(data.missing || []);
        for (const c of chosen) {
          if (titles.has(c.id)) c.title = titles.get(c.id);
          c.missing = missing.has(c.id);
        }
        render();
      }).catch(() => {
        // The ids stay as their own labels.
      });
    },
  };
}
