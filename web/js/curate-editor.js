// The resource editor of the workspace: a form built from the taxonomy over the Markdown file,
// live validation by the server (the same checks and messages as `clearinghouse-index
// validate`), a preview rendered by the server as the resource page shows it, save with
// If-Match (a 412 shows what changed), and delete with the resources that refer to it listed.

import { curator, CuratorError } from './curate-api.js';
import { bodyLineOffset, composeDocument, FIELDS, LIST_FIELDS, parseDocument, renderDiff } from './curate-markdown.js';
import { resourcePicker } from './curate-related.js';
import { ratedTypes } from './curate-evidence.js';
import { evidenceSection } from './curate-evidence-form.js';
import { announce, el } from './common.js';

const $ = (id) => document.getElementById(id);
const LABELS = {
  id: 'Id (in the address)', title: 'Title', summary: 'Summary (shown in results)', type: 'Type',
  focus_areas: 'Focus areas', topics: 'Topics', audience: 'Audience', source: 'Source (publisher)',
  authors: 'Authors (one per line)', published: 'Published (YYYY, YYYY-MM or YYYY-MM-DD)',
  updated: 'Updated (same format)', url: 'Address of the original (url)', duration: 'Length (webinars, videos)',
  language: 'Language code', keywords: 'Keywords (separated by commas)', related: 'Related resources', translations: 'Translations (the same resource in other languages)',
};

let state = { id: null, version: null, doc: parseDocument(''), theirs: null, force: false, onSaved: null };
let taxonomy = null;
let timer = null;
const pickers = {};  // related, translations: resources picked by searching (curate-related.js)
let evidence = null;  // the evidence ratings' fieldset (curate-evidence.js)
let validation = 0;

function fieldBox(name, control, hint) {
  return el('div', { class: 'field', id: 'field-' + name },
    control.tagName === 'FIELDSET' ? null : el('label', { for: 'f-' + name, text: LABELS[name] }),
    control,
    hint ? el('p', { class: 'hint', id: 'hint-' + name, text: hint }) : null,
    el('p', { class: 'field-error', id: 'err-' + name }));
}

function input(name, type = 'text', hint = '') {
  const attrs = { id: 'f-' + name, name, type, autocomplete: 'off', 'aria-describedby': (hint ? 'hint-' + name + ' ' : '') + 'err-' + name };
  return fieldBox(name, el(name === 'summary' || name === 'authors' ? 'textarea' : 'input', { ...attrs, rows: name === 'summary' ? 3 : 2 }), hint);
}

function checkboxes(name, entries) {
  const set = el('fieldset', { id: 'f-' + name, class: 'checkbox-group' + (entries.length > 10 ? ' checkbox-scroll' : ''), 'aria-describedby': 'err-' + name },
    el('legend', { text: LABELS[name] }),
    entries.map((e) => el('label', { class: 'facet-option' },
      el('input', { type: 'checkbox', name, value: e.id }), ` ${e.label}`)));
  return fieldBox(name, set);
}

function picker(name, noun, more) {
  pickers[name] = resourcePicker({
    name, label: LABELS[name], noun, onChange: () => schedule(),
    hint: `Type a few words of a title, then choose a resource with the arrow keys and Enter, or click it. Press a chosen one to remove it. ${more}`,
  });
  return pickers[name].box;
}

export function buildForm(tax) {
  taxonomy = tax;
  const t = tax || { types: [], focus_areas: [], topics: [], audiences: [] };
  const type = el('select', { id: 'f-type', name: 'type', 'aria-describedby': 'err-type' },
    el('option', { value: '', text: 'Choose a type' }), t.types.map((e) => el('option', { value: e.id, text: e.label })));
  $('editor-fields').replaceChildren(
    input('title'), input('summary'), fieldBox('type', type),
    checkboxes('focus_areas', t.focus_areas), checkboxes('topics', t.topics), checkboxes('audience', t.audiences),
    input('url', 'url'), input('source'), input('authors'), input('published'), input('updated'),
    input('duration'), input('language', 'text', 'Two or three letters, such as en or es; empty means en.'),
    input('keywords'), picker('related', 'related resources', 'They are shown first under “Related resources” on its page.'),
    picker('translations', 'translations', 'Each must be in another language than this one.'),
    el('div', { class: 'field', id: 'field-evidence' }, (evidence = evidenceSection(tax, () => schedule())).box),
    input('id', 'text', 'Lowercase letters, digits and hyphens. Leave it empty to make it from the title.'),
  );
  evidence.show(false);
  for (const p of Object.values(pickers)) p.install($('edit-form'));
  // Typing in a picker's search changes nothing until a resource is chosen.
  const changed = (event) => {
    if (event.target.id === 'f-type') evidence.show(ratedTypes(taxonomy).includes(event.target.value));
    if (!pickers[event.target.id.slice(2)]) schedule();
  };
  $('edit-form').addEventListener('input', changed);
  $('edit-form').addEventListener('change', changed);
}

function values() {
  const v = {};
  for (const name of FIELDS) {
    const node = $('f-' + name);
    if (!node) continue;
    if (name === 'evidence') v[name] = evidence.get();
    else if (node.tagName === 'FIELDSET') v[name] = [...node.querySelectorAll('input:checked')].map((i) => i.value);
    else if (pickers[name]) v[name] = pickers[name].ids();
    else if (name === 'authors') v[name] = node.value.split('\n').map((s) => s.trim()).filter(Boolean);
    else if (LIST_FIELDS.has(name)) v[name] = node.value.split(',').map((s) => s.trim()).filter(Boolean);
    else v[name] = node.value.trim();
  }
  return v;
}

function fill(doc) {
  for (const name of FIELDS) {
    const node = $('f-' + name);
    if (!node) continue;
    const value = doc.values[name];
    if (pickers[name]) {
      pickers[name].set(value || [], doc.rawKnown.includes(name));
      continue;
    }
    if (name === 'evidence') {
      evidence.set(value, doc.rawKnown.includes(name));
      continue;
    }
    if (node.tagName === 'FIELDSET') {
      const chosen = new Set(value || []);
      for (const box of node.querySelectorAll('input')) box.checked = chosen.has(box.value);
    } else if (name === 'authors') {
      node.value = (value || []).join('\n');
    } else if (LIST_FIELDS.has(name)) {
      node.value = (value || []).join(', ');
    } else {
      node.value = value || '';
    }
    node.disabled = doc.rawKnown.includes(name);
  }
  $('f-body').value = doc.body;
  evidence.show(ratedTypes(taxonomy).includes($('f-type').value));
  const raw = doc.rawKnown.length ? ` The file writes ${doc.rawKnown.join(', ')} in a way this form cannot edit; they are kept as they are.` : '';
  const unknown = doc.entries.filter((e) => e.key && !FIELDS.includes(e.key)).map((e) => e.key);
  $('edit-source-note').textContent = (unknown.length ? `Fields the form does not show are kept: ${unknown.join(', ')}.` : '') + raw;
}

export function markdown() {
  return composeDocument(state.doc, values(), $('f-body').value);
}

function clearProblems() {
  for (const node of document.querySelectorAll('#view-edit .field-error')) node.textContent = '';
  for (const node of document.querySelectorAll('#view-edit [aria-invalid]')) node.removeAttribute('aria-invalid');
  $('problems').hidden = true;
  $('problems-list').replaceChildren();
}

function problemText(p) {
  let text = p.message;
  if (p.allowed && p.allowed.length) text += ` (allowed: ${p.allowed.slice(0, 12).join(', ')}${p.allowed.length > 12 ? ', …' : ''})`;
  return text;
}

export function showProblems(problems, text) {
  clearProblems();
  const offset = bodyLineOffset(text);
  const errors = problems;
  for (const p of errors) {
    const warning = p.severity === 'warning';
    let where = FIELDS.includes(p.field) && p.field !== 'evidence' && $('f-' + p.field) ? { input: 'f-' + p.field, error: 'err-' + p.field, label: LABELS[p.field] } : null;
    if (!where && p.field && evidence) where = evidence.slot(p.field);
    let prefix = '';
    if (!where && p.line > offset) {
      where = { input: 'f-body', error: 'err-body', label: 'Text' };
      prefix = `Line ${p.line - offset}: `;
    }
    const message = (warning ? 'Note: ' : '') + prefix + problemText(p);
    if (where) {
      const slot = $(where.error);
      slot.textContent = slot.textContent ? slot.textContent + ' ' + message : message;
      if (!warning) $(where.input).setAttribute('aria-invalid', 'true');
    }
    const label = where ? where.label : (p.field || `Line ${p.line}`);
    $('problems-list').append(el('li', {}, where ? el('a', { href: '#' + where.input, text: label }) : label, ': ', message));
  }
  $('problems').hidden = errors.length === 0;
}

async function validateNow() {
  const text = markdown();
  $('markdown-out').textContent = text;
  const mine = ++validation;
  try {
    const { data } = await curator.validate(text);
    if (mine !== validation) return;
    showProblems(data.problems || [], text);
    setPreview(data.body_html);
  } catch (err) {
    if (mine === validation) $('save-status').textContent = err.message;
  }
}

function setPreview(html) {
  const preview = $('preview');
  preview.innerHTML = html || '';  // rendered and sanitised by the server, as on the resource page
  let n = 0;
  for (const table of preview.querySelectorAll('table')) {
    const wrapper = el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `Preview table ${++n}` });
    table.replaceWith(wrapper);
    wrapper.append(table);
  }
}

function schedule() {
  window.clearTimeout(timer);
  timer = window.setTimeout(validateNow, 350);
}

function resetPanels() {
  $('conflict').hidden = true;
  $('delete-panel').hidden = true;
  $('referrers').hidden = true;
  $('save-status').textContent = '';
  state.force = false;
  $('delete-confirm').textContent = 'Delete';
}

function setMode() {
  const existing = Boolean(state.id);
  $('edit-heading').textContent = existing ? `Edit: ${state.id}` : 'New resource';
  $('delete').hidden = !existing;
  $('view-public').hidden = !existing;
  if (existing) $('view-public').href = 'resource.html?id=' + encodeURIComponent(state.id);
  const id = $('f-id');
  if (id) id.readOnly = existing;
  for (const p of Object.values(pickers)) p.setSelf(state.id);
}

// Opens the editor on a new resource, prefilled with `prefill` values (a suggestion's).
export function openNew(prefill = {}, onSaved = null) {
  state = { id: null, version: null, doc: parseDocument(''), theirs: null, force: false, onSaved };
  state.doc.values = { ...prefill.values };
  fill(state.doc);
  $('f-body').value = prefill.body || '';
  resetPanels();
  clearProblems();
  setMode();
  validateNow();
}

export async function openExisting(id) {
  resetPanels();
  clearProblems();
  $('save-status').textContent = 'Loading…';
  const { text, etag } = await curator.source(id);
  state = { id, version: etag, doc: parseDocument(text), theirs: null, force: false, onSaved: null };
  fill(state.doc);
  setMode();
  $('save-status').textContent = '';
  validateNow();
}

async function save(event) {
  event.preventDefault();
  window.clearTimeout(timer);
  const text = markdown();
  $('save-status').textContent = 'Saving…';
  try {
    const result = state.id ? await curator.replace(state.id, text, state.version) : await curator.create(text);
    const created = !state.id;
    state.id = result.data.id;
    state.version = result.etag || result.data.version;
    state.doc = parseDocument(text);
    setMode();
    history.replaceState(null, '', '#edit=' + encodeURIComponent(state.id));
    $('save-status').textContent = created ? `Saved. The resource “${state.id}” is live and searchable.` : 'Saved. The change is live.';
    announce($('save-status').textContent);
    if (state.onSaved) {
      const done = state.onSaved;
      state.onSaved = null;
      await done(state.id);
    }
  } catch (err) {
    $('save-status').textContent = '';
    if (err.status === 422 && err.error.problems) {
      showProblems(err.error.problems, text);
      $('save-status').textContent = 'Not saved: fix the problems listed above.';
      $('problems').focus?.();
    } else if (err.status === 412) {
      await showConflict(text);
    } else {
      $('save-status').textContent = 'Not saved: ' + err.message;
    }
  }
}

async function showConflict(mine) {
  try {
    const { text, etag } = await curator.source(state.id);
    state.theirs = { text, etag };
    renderDiff($('conflict-diff'), text, mine);
  } catch (err) {
    state.theirs = null;
    $('conflict-diff').textContent = err.status === 404 ? 'It was deleted.' : err.message;
  }
  $('conflict').hidden = false;
  $('conflict-reload').hidden = !state.theirs;
  $('conflict-reload').focus();
}

function reloadTheirs() {
  if (!state.theirs) return;
  state.version = state.theirs.etag;
  state.doc = parseDocument(state.theirs.text);
  fill(state.doc);
  $('conflict').hidden = true;
  $('save-status').textContent = 'Their version is loaded. Make your change again, then save.';
  validateNow();
}

function referrerLink(r) {
  const label = `${r.title || r.id} (${r.kind === 'featured_toolkit' ? 'featured toolkit' : 'resource'} ${r.id})`;
  if (r.kind === 'resource') return el('a', { href: '#edit=' + encodeURIComponent(r.id), text: label });
  return label;
}

async function confirmDelete() {
  $('delete-confirm').disabled = true;
  try {
    await curator.remove(state.id, state.version, state.force);
    const gone = state.id;
    announce(`Deleted ${gone}.`);
    location.hash = '#list';
    $('workspace-status').hidden = false;
    $('workspace-status').textContent = `The resource “${gone}” was deleted.`;
  } catch (err) {
    // The 409 of a resource that others refer to:
    // {"error": {"code": "referenced", "message", "referrers": [{kind, id, title}]}}.
    const referrers = err.status === 409 && err.code === 'referenced' ? err.error.referrers : null;
    if (Array.isArray(referrers)) {
      $('referrers-list').replaceChildren(...referrers.map((r) => el('li', {}, referrerLink(r))));
      $('referrers').hidden = false;
      state.force = true;
      $('delete-confirm').textContent = 'Delete anyway';
      $('delete-text').textContent = 'Others refer to this resource. Delete it anyway?';
    } else if (err.status === 412) {
      $('delete-text').textContent = 'Someone changed it since you opened it. Reload it and look again before deleting.';
    } else {
      $('delete-text').textContent = 'Not deleted: ' + err.message;
    }
  } finally {
    $('delete-confirm').disabled = false;
  }
}

export function installEditor() {
  $('edit-form').addEventListener('submit', save);
  $('conflict-reload').addEventListener('click', reloadTheirs);
  $('conflict-keep').addEventListener('click', () => {
    $('conflict').hidden = true;
    if (state.theirs) state.version = state.theirs.etag;  // saving again overwrites, knowingly
    $('save-status').textContent = 'Saving again replaces their version with yours.';
  });
  $('delete').addEventListener('click', () => {
    resetPanels();
    $('delete-text').textContent = 'It disappears from search at once. Its file is removed from the library.';
    $('delete-panel').hidden = false;
    $('delete-confirm').focus();
  });
  $('delete-cancel').addEventListener('click', () => {
    $('delete-panel').hidden = true;
    $('delete').focus();
  });
  $('delete-confirm').addEventListener('click', confirmDelete);
}

export { CuratorError };
