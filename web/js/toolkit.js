// The toolkit builder (toolkit.html); the view of a shared toolkit (toolkit.html?id=ID) is in
// toolkit-view.js, the helpers both use in toolkit-page.js.

import { api, hasOfflineCopy, isNetworkError, taxonomy, ApiError } from './api.js';
import { announce, badges, el, resourceUrl } from './common.js';
import { draftFromToolkit, requestBody, summaryOf, toolkitStore } from './toolkit-store.js';
import {
  $, clearLater, confirmReplace, errorText, flash, offlineModules, setNotice, shareUrl, takeFlash,
} from './toolkit-page.js';
import { ratedLine, setupView } from './toolkit-view.js';
import { lang, t, tn } from './i18n.js';

const viewId = new URLSearchParams(window.location.search).get('id');

let tax = null;
let draft = toolkitStore.load();
let saving = null; // the save in progress, if any
let queued = null; // the draft's edit waiting to be sent (js/offline-queue.js), if any
// The offline features (toolkit-page.js's offlineModules), once loaded: set before `queued` is.
let off = null;
let S = null;
async function loadOffline() {
  off = await offlineModules();
  S = off.S;
  return off;
}

// ---- Small helpers ----------------------------------------------------------------------------

function domId(prefix, resourceId) {
  return `${prefix}-${resourceId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function slugify(text) {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
}

function download(url) {
  const a = el('a', { href: url, download: '', hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
}

// ---- The builder ------------------------------------------------------------------------------

// Stores the page's draft object. The object itself stays the same (the item nodes hold on to
// its items), only its bookkeeping fields are updated.
function persist() {
  const saved = toolkitStore.save(draft);
  draft.dirty = saved.dirty;
  draft.changed_at = saved.changed_at;
  renderSaveState();
}

function renderSaveState() {
  const state = $('save-state');
  if (queued && queued.state === 'pending') {
    state.replaceChildren(el('strong', { text: S.queuedState }), ' ', S.queued);
  } else if (!draft.id) {
    state.replaceChildren(el('strong', { text: t('toolkit.not_saved') }), ' ' + t('toolkit.not_saved_rest'));
  } else if (draft.dirty) {
    state.replaceChildren(el('strong', { text: t('toolkit.unsaved') }), ' ' + t('toolkit.unsaved_rest'));
  } else {
    state.replaceChildren(el('strong', { text: t('toolkit.all_saved') }), draft.version ? ' ' + t('toolkit.version', { v: draft.version }) : '');
  }
  $('save-button').textContent = draft.id ? t('toolkit.save_changes') : t('toolkit.share_heading');
  const box = $('share-box');
  if (draft.id && toolkitStore.keyFor(draft.id)) {
    box.hidden = false;
    $('share-url').value = shareUrl(draft.id);
  } else {
    box.hidden = true;
  }
  $('print-title').textContent = draft.title || t('toolkit.untitled');
  $('print-description').textContent = draft.description;
}

function groupsOf(d) {
  const groups = d.sections.map((s) => ({ section: s, items: d.items.filter((it) => it.section_id === s.id) }));
  const loose = d.items.filter((it) => !it.section_id);
  if (loose.length || !groups.length) groups.push({ section: null, items: loose });
  return groups;
}

function moveItem(resourceId, delta) {
  const index = draft.items.findIndex((it) => it.resource_id === resourceId);
  if (index < 0) return;
  const item = draft.items[index];
  // Move within the item's own group (section): swap with the neighbour in that group.
  const sameGroup = draft.items.map((it, i) => [it, i]).filter(([it]) => (it.section_id || null) === (item.section_id || null));
  const at = sameGroup.findIndex(([it]) => it === item);
  const target = sameGroup[at + delta];
  if (!target) {
    announce(t(delta < 0 ? 'toolkit.already_first' : 'toolkit.already_last', { title: titleOf(item) }));
    return;
  }
  const j = target[1];
  [draft.items[index], draft.items[j]] = [draft.items[j], draft.items[index]];
  persist();
  renderItems({ moved: resourceId });
  announce(t('toolkit.moved_to', { title: titleOf(item), at: at + delta + 1, n: sameGroup.length }));
}

function moveItemTo(resourceId, beforeId, sectionId) {
  const from = draft.items.findIndex((it) => it.resource_id === resourceId);
  if (from < 0 || resourceId === beforeId) return;
  const [item] = draft.items.splice(from, 1);
  item.section_id = sectionId || null;
  let to = beforeId ? draft.items.findIndex((it) => it.resource_id === beforeId) : -1;
  if (to < 0) {
    // After the last item of the section.
    let last = -1;
    draft.items.forEach((it, i) => { if ((it.section_id || null) === (item.section_id || null)) last = i; });
    to = last + 1 || draft.items.length;
  }
  draft.items.splice(to, 0, item);
  persist();
  renderItems({ moved: resourceId });
  announce(t('toolkit.moved', { title: titleOf(item) }));
}

function removeItem(resourceId) {
  const index = draft.items.findIndex((it) => it.resource_id === resourceId);
  if (index < 0) return;
  const [item] = draft.items.splice(index, 1);
  persist();
  // Focus the next item's Remove button, else the previous one's, else the list heading.
  const next = draft.items[index] || draft.items[index - 1];
  renderItems({ focusId: next ? domId('remove', next.resource_id) : 'items-heading' });
  announce(`${t('toolkit.removed', { title: titleOf(item) })} ${tn('toolkit.left', draft.items.length)}`);
}

function titleOf(item) {
  return item.resource ? item.resource.title : item.resource_id;
}

let dragged = null;

function itemNode(item, position, groupSize, sectionId) {
  const rid = item.resource_id;
  const titleId = domId('title', rid);
  const r = item.resource;
  const available = item.available !== false && r;
  const li = el('li', { class: 'tk-item', id: domId('item', rid), dataset: { id: rid } });

  const handle = el('span', { class: 'drag-handle', draggable: 'true', title: t('toolkit.drag'), 'aria-hidden': 'true', text: '⠿' });
  handle.addEventListener('dragstart', (event) => {
    dragged = rid;
    li.classList.add('dragging');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', rid);
    event.dataTransfer.setDragImage(li, 20, 20);
  });
  handle.addEventListener('dragend', () => {
    dragged = null;
    li.classList.remove('dragging');
  });
  li.addEventListener('dragover', (event) => {
    if (!dragged || dragged === rid) return;
    event.preventDefault();
    li.classList.add('drop-target');
  });
  li.addEventListener('dragleave', () => li.classList.remove('drop-target'));
  li.addEventListener('drop', (event) => {
    event.preventDefault();
    li.classList.remove('drop-target');
    const source = dragged || event.dataTransfer.getData('text/plain');
    if (source) moveItemTo(source, rid, sectionId);
  });

  li.addEventListener('keydown', (event) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    const focusedId = document.activeElement && document.activeElement.id;
    moveItem(rid, event.key === 'ArrowUp' ? -1 : 1);
    const again = focusedId && document.getElementById(focusedId);
    if (again) again.focus();
  });

  li.append(el('div', { class: 'tk-item-head' },
    handle,
    el('span', { class: 'pos', 'aria-hidden': 'true', text: `${position}.` }),
    el('h4', { id: titleId, lang: r && r.language },
      available ? el('a', { href: resourceUrl(rid), text: r.title }) : el('span', { text: r ? r.title : rid }))));
  if (available) {
    li.append(badges(tax, r, { maxAreas: 2 }));
    if (r.summary) li.append(el('p', { class: 'summary', lang: r.language, text: r.summary }));
  } else {
    li.append(el('p', { class: 'unavailable', text: t('toolkit.unavailable_remove') }));
  }

  const noteId = domId('note', rid);
  const printNote = el('p', { class: 'print-note', text: item.note });
  const textarea = el('textarea', { id: noteId, rows: '2', maxlength: '2000', 'aria-describedby': titleId });
  textarea.value = item.note;
  textarea.addEventListener('input', () => {
    item.note = textarea.value;
    printNote.textContent = item.note;
    persist();
  });
  li.append(el('div', { class: 'note-field' }, el('label', { for: noteId, text: t('toolkit.your_note') }), textarea), printNote);

  const actions = el('div', { class: 'tk-item-actions' });
  const button = (action, text, handler, disabled) => {
    const b = el('button', {
      type: 'button',
      id: domId(action, rid),
      class: 'btn btn-secondary btn-small' + (action === 'remove' ? ' btn-danger' : ''),
      'aria-describedby': titleId,
      text,
    });
    if (disabled) b.setAttribute('aria-disabled', 'true');
    b.addEventListener('click', () => {
      if (b.getAttribute('aria-disabled') === 'true') {
        announce(t(action === 'up' ? 'toolkit.already_first' : 'toolkit.already_last', { title: titleOf(item) }));
        return;
      }
      handler();
    });
    return b;
  };
  actions.append(
    button('up', t('toolkit.move_up'), () => { moveItem(rid, -1); focusAfterMove('up', rid); }, position === 1),
    button('down', t('toolkit.move_down'), () => { moveItem(rid, 1); focusAfterMove('down', rid); }, position === groupSize));
  if (draft.sections.length) {
    const selectId = domId('section', rid);
    const select = el('select', { id: selectId, 'aria-describedby': titleId },
      draft.sections.map((s) => el('option', { value: s.id, text: s.title, selected: s.id === item.section_id })),
      el('option', { value: '', text: t('toolkit.no_section'), selected: !item.section_id }));
    select.addEventListener('change', () => {
      const target = select.value || null;
      moveItemTo(rid, null, target);
      const again = document.getElementById(selectId);
      if (again) again.focus();
    });
    actions.append(el('span', { class: 'section-select' }, el('label', { for: selectId, text: t('toolkit.section') }), select));
  }
  actions.append(el('span', { class: 'spacer' }), button('remove', t('toolkit.remove'), () => removeItem(rid)));
  li.append(actions);
  return li;
}

function focusAfterMove(action, rid) {
  const b = document.getElementById(domId(action, rid));
  if (b && b.getAttribute('aria-disabled') !== 'true') {
    b.focus();
  } else {
    // At the top or bottom: keep focus on the item, on the other move button.
    const other = document.getElementById(domId(action === 'up' ? 'down' : 'up', rid));
    if (other) other.focus();
  }
}

function renderItems({ focusId = null, moved = null } = {}) {
  const active = document.activeElement;
  const keepFocus = focusId || (active && active.id && $('tk-groups').contains(active) ? active.id : null);
  const groups = groupsOf(draft);
  const nodes = [];
  let position = 0;
  for (const g of groups) {
    const headingId = g.section ? domId('group', g.section.id) : 'group-loose';
    const list = el('ol', { class: 'tk-items', 'aria-labelledby': draft.sections.length ? headingId : 'items-heading' });
    g.items.forEach((item, i) => {
      position++;
      list.append(itemNode(item, i + 1, g.items.length, g.section ? g.section.id : null));
    });
    if (g.section || draft.sections.length) {
      const heading = el('h3', { id: headingId, text: g.section ? g.section.title : t('toolkit.other_resources') });
      const groupBox = el('div', { class: 'tk-group' }, heading);
      if (g.items.length) groupBox.append(list);
      else groupBox.append(el('p', { class: 'hint', text: t('toolkit.section_empty') }));
      nodes.push(groupBox);
    } else {
      nodes.push(list);
    }
  }
  $('tk-groups').replaceChildren(...nodes);
  $('tk-empty').hidden = draft.items.length > 0;
  $('reorder-hint').hidden = draft.items.length < 2;
  $('items-heading').textContent = t('toolkit.resources_n', { n: draft.items.length });
  renderRatedLine();
  if (moved) {
    const node = document.getElementById(domId('item', moved));
    if (node) node.classList.add('moved');
  }
  if (keepFocus) {
    const again = document.getElementById(keepFocus);
    if (again) again.focus();
  }
}

// "2 of 5 resources have an evidence rating" (and a link to compare them), when every item says
// whether it is rated (items kept by an older version of the page do not).
function renderRatedLine() {
  const known = draft.items.every((it) => !it.resource || 'evidence' in it.resource);
  const line = known ? ratedLine(draft.items.map((it) => ({ available: Boolean(it.resource), resource: it.resource }))) : null;
  $('rated-line-slot').replaceChildren(...(line ? [line] : []));
}

function renderSections() {
  const list = $('sections-list');
  list.replaceChildren(...draft.sections.map((s, i) => {
    const inputId = `section-title-${i}`;
    const input = el('input', { id: inputId, type: 'text', maxlength: '200', value: s.title });
    input.addEventListener('change', () => {
      const title = input.value.trim();
      if (!title) {
        input.value = s.title;
        return;
      }
      s.title = title;
      persist();
      renderItems();
    });
    const remove = el('button', {
      type: 'button', class: 'btn btn-danger btn-small', text: t('toolkit.remove_section'), 'aria-describedby': inputId,
    });
    remove.addEventListener('click', () => {
      draft.sections = draft.sections.filter((x) => x !== s);
      for (const it of draft.items) if (it.section_id === s.id) it.section_id = null;
      persist();
      renderSections();
      renderItems();
      $('new-section').focus();
      announce(t('toolkit.section_removed', { title: s.title }));
    });
    return el('li', {}, el('label', { for: inputId, class: 'visually-hidden', text: t('toolkit.section_title_n', { n: i + 1 }) }), input, remove);
  }));
  $('sections-editor').querySelector('summary').textContent = t('toolkit.sections_n', { n: draft.sections.length });
}

function renderSavedList() {
  const keys = toolkitStore.keys();
  const ids = Object.keys(keys).sort((a, b) => String(keys[b].saved_at).localeCompare(String(keys[a].saved_at)));
  $('saved-section').hidden = ids.length === 0;
  $('saved-list').replaceChildren(...ids.slice(0, 20).map((id) => el('li', {},
    el('a', { href: 'toolkit.html?id=' + encodeURIComponent(id), text: keys[id].title || id }),
    el('p', { text: keys[id].saved_at ? t('toolkit.saved_at', { when: new Date(keys[id].saved_at).toLocaleString(lang) }) : '' }))));
}

function renderBuilder() {
  draft = toolkitStore.load();
  renderQueueState();
  $('tk-title').value = draft.title;
  $('tk-description').value = draft.description;
  renderSaveState();
  renderSections();
  renderItems();
  renderSavedList();
}

function showTitleError(message) {
  const error = $('tk-title-error');
  error.textContent = message;
  error.hidden = !message;
  error.className = message ? 'hint unavailable' : 'hint';
  $('tk-title').setAttribute('aria-invalid', message ? 'true' : 'false');
}

// Saves the toolkit: creates it the first time, replaces it (with the edit key) after that.
async function save() {
  if (saving) return saving;
  saving = (async () => {
    const message = $('save-message');
    if (!draft.title.trim()) {
      showTitleError(t('toolkit.need_title'));
      $('tk-title').focus();
      setNotice(message, t('toolkit.need_title'), 'error');
      return false;
    }
    showTitleError('');
    const startedAt = draft.changed_at;
    const button = $('save-button');
    button.setAttribute('aria-disabled', 'true');
    setNotice(message, 'Saving…');
    try {
      const key = draft.id ? toolkitStore.keyFor(draft.id) : null;
      let saved;
      let created = false;
      if (draft.id && key) {
        saved = await api.replaceToolkit(draft.id, key, requestBody(draft, { withVersion: true }));
      } else {
        saved = await api.createToolkit(requestBody(draft));
        created = true;
        toolkitStore.rememberKey(saved.id, saved.edit_key, saved.title);
      }
      toolkitStore.rememberKey(saved.id, null, saved.title);
      draft.id = saved.id;
      draft.version = saved.version;
      // Refresh the cached summaries.
      const byId = new Map(saved.items.map((it) => [it.resource_id, it]));
      for (const it of draft.items) {
        const s = byId.get(it.resource_id);
        if (s && s.resource) it.resource = summaryOf(s.resource);
      }
      draft.dirty = draft.changed_at !== startedAt; // edits made while saving are still unsaved
      toolkitStore.replace(draft);
      loadOffline().then((m) => m.keepToolkit(saved, { own: true })).catch(() => {}); // for offline use, in the background
      renderSaveState();
      renderSavedList();
      setNotice(message, created ? t('toolkit.saved_copy') : t('toolkit.changes_saved'), 'success');
      announce(created ? t('toolkit.saved_ready') : t('toolkit.changes_saved'));
      return true;
    } catch (err) {
      if (isNetworkError(err)) return queueOffline();
      handleSaveError(err);
      return false;
    } finally {
      button.removeAttribute('aria-disabled');
    }
  })();
  try {
    return await saving;
  } finally {
    saving = null;
  }
}

// Offline: the edit is kept on the device and sent when the connection comes back.
async function queueOffline() {
  const message = $('save-message');
  try {
    const { editFor, queueEdit, queueKeyOf } = await loadOffline();
    const d = await queueEdit(draft);
    draft.pending_key = d.pending_key;
    queued = await editFor(queueKeyOf(draft));
  } catch {
    setNotice(message, t('toolkit.not_saved_because') + t('common.offline_error'), 'error');
    return false;
  }
  renderSaveState();
  if (queued && queued.state === 'conflict') showConflict(queued);
  else setNotice(message, S.queued, 'success');
  announce(S.queued);
  return false;
}

// A queued edit that met a change made elsewhere: the user chooses; nothing is dropped. (Called
// only with an entry read through the offline modules, so `off` is set.)
function showConflict(entry) {
  const message = $('save-message');
  setNotice(message, off.conflictNodes(entry, async (choice) => {
    try {
      await off.resolveEdit(entry.key, choice);
      queued = null;
      draft = toolkitStore.load();
      renderBuilder();
      setNotice(message, S.conflictResolved, 'success');
      announce(S.conflictResolved);
    } catch (err) {
      setNotice(message, t('toolkit.not_saved_because') + errorText(err), 'error');
    }
  }), 'error');
}

// The draft's queued edit, if any: its state under the title, a conflict in the save box.
// Only a browser that keeps an offline copy can have one: the offline modules load only then.
async function renderQueueState() {
  const m = hasOfflineCopy() ? await loadOffline().catch(() => null) : null;
  const key = m && m.queueKeyOf(draft);
  queued = key ? await m.editFor(key) : null;
  renderSaveState();
  if (queued && queued.state !== 'pending') showConflict(queued);
}

function handleSaveError(err) {
  const message = $('save-message');
  if (err instanceof ApiError && err.status === 412) {
    setNotice(message, [
      el('p', { text: t('toolkit.conflict') }),
      el('div', { class: 'button-row' },
        el('button', { type: 'button', class: 'btn btn-small', text: t('toolkit.conflict_mine'), onclick: () => { draft.version = null; toolkitStore.replace(draft); save(); } }),
        el('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('toolkit.conflict_theirs'), onclick: reloadSaved })),
    ], 'error');
  } else if (err instanceof ApiError && (err.status === 401 || err.status === 403 || err.status === 404)) {
    setNotice(message, [
      el('p', { text: err.status === 404 ? t('toolkit.gone') : t('toolkit.not_allowed') }),
      el('button', { type: 'button', class: 'btn btn-small', text: t('toolkit.save_as_new'), onclick: () => { draft.id = null; draft.version = null; toolkitStore.replace(draft); save(); } }),
    ], 'error');
  } else {
    if (err instanceof ApiError && err.param === 'title') {
      showTitleError(err.message);
    }
    setNotice(message, t('toolkit.not_saved_because') + errorText(err), 'error');
  }
  announce(t('toolkit.not_saved_announce'));
}

async function reloadSaved() {
  try {
    const t = await api.getToolkit(draft.id);
    draft = toolkitStore.replace(draftFromToolkit(t));
    renderBuilder();
    setNotice($('save-message'), t('toolkit.loaded_saved'), 'success');
  } catch (err) {
    setNotice($('save-message'), t('toolkit.load_saved_failed') + errorText(err), 'error');
  }
}

async function exportDraft(format) {
  const ok = (draft.id && !draft.dirty) || (await save());
  if (!ok) return;
  download(api.exportUrl(draft.id, format));
  announce(t('toolkit.download_started'));
}

async function loadFeatured() {
  try {
    const featured = await api.featuredToolkits();
    $('featured-list').replaceChildren(...featured.toolkits.map((tk) => el('li', {},
      el('a', { href: 'toolkit.html?id=' + encodeURIComponent(tk.id), text: tk.title }),
      el('p', { text: tn('toolkit.resource_count', tk.item_count) }))));
  } catch {
    $('featured-list').replaceChildren(el('li', { text: t('toolkit.featured_failed') }));
  }
}

function setupBuilder() {
  $('builder').hidden = false;
  document.body.classList.add('is-builder');
  const message = takeFlash();
  if (message) setNotice($('page-notice'), message, 'success');
  renderBuilder();

  $('tk-title').addEventListener('input', (event) => {
    draft.title = event.target.value;
    if (draft.title.trim()) showTitleError('');
    persist();
  });
  $('tk-description').addEventListener('input', (event) => {
    draft.description = event.target.value;
    persist();
  });
  $('add-section-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('new-section');
    const title = input.value.trim();
    if (!title) {
      input.focus();
      return;
    }
    if (draft.sections.length >= 20) {
      announce(t('toolkit.max_sections'));
      return;
    }
    const base = slugify(title) || 'section';
    let id = base;
    for (let n = 2; draft.sections.some((s) => s.id === id); n++) id = `${base.slice(0, 36)}-${n}`;
    draft.sections.push({ id, title });
    persist();
    input.value = '';
    renderSections();
    renderItems();
    input.focus();
    announce(t('toolkit.section_added', { title }));
  });
  $('save-button').addEventListener('click', () => save());
  $('copy-link').addEventListener('click', async () => {
    const input = $('share-url');
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      announce(t('toolkit.link_copied'));
      setNotice($('save-message'), t('toolkit.link_copied_clipboard'), 'success');
      clearLater($('save-message'), t('toolkit.link_copied_clipboard'));
    } catch {
      announce(t('toolkit.link_selected'));
    }
  });
  for (const b of document.querySelectorAll('[data-export]')) b.addEventListener('click', () => exportDraft(b.dataset.export));
  $('print-button').addEventListener('click', () => window.print());
  $('new-toolkit').addEventListener('click', async () => {
    if (!(await confirmReplace(t('toolkit.confirm_new')))) return;
    toolkitStore.clear();
    renderBuilder();
    setNotice($('save-message'), '');
    setNotice($('page-notice'), draft.id ? '' : t('toolkit.started_new'), 'success');
    $('tk-title').focus();
  });

  $('draft-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = $('draft-q').value.trim();
    if (!q) {
      $('draft-q').focus();
      return;
    }
    const body = { q, size: Number($('draft-size').value), language: lang };
    if ($('draft-area').value) body.focus_areas = [$('draft-area').value];
    const submit = event.target.querySelector('button[type="submit"]');
    submit.setAttribute('aria-disabled', 'true');
    setNotice($('page-notice'), t('toolkit.drafting'));
    try {
      const drafted = await api.draftToolkit(body);
      if (!drafted.items.length) {
        setNotice($('page-notice'), t('toolkit.draft_nothing', { q }), 'error');
        return;
      }
      if (!(await confirmReplace(t('toolkit.confirm_draft'), { evenIfSaved: true }))) {
        setNotice($('page-notice'), '');
        return;
      }
      draft = toolkitStore.replace(draftFromToolkit(drafted, { keepId: false }));
      renderBuilder();
      const done = `${tn('toolkit.drafted', drafted.items.length)} ${t('toolkit.drafted_next')}`;
      const match = drafted.featured_match;
      // A curated toolkit that covers the question is offered first (API: featured_match).
      setNotice($('page-notice'), match ? [
        t('toolkit.featured_match'),
        el('a', { href: 'toolkit.html?id=' + encodeURIComponent(match.id), 'data-featured-match': '', text: match.title }),
        '. ', done,
      ] : done, 'success');
      announce(tn('toolkit.drafted', drafted.items.length));
      $('editor-heading').setAttribute('tabindex', '-1');
      $('editor-heading').focus();
    } catch (err) {
      setNotice($('page-notice'), t('toolkit.draft_failed') + errorText(err), 'error');
    } finally {
      submit.removeAttribute('aria-disabled');
    }
  });

  taxonomy().then((t) => {
    if (!t.raw) return;
    $('draft-area').append(...t.raw.focus_areas.map((f) => el('option', { value: f.id, text: f.label })));
  });
  loadFeatured();

  // Another tab changed the toolkit: show its version.
  toolkitStore.subscribe((source) => {
    if (source === 'storage') renderBuilder();
  });
  // Edits made offline: sent, or met a conflict (js/offline-queue.js, run in the background).
  window.addEventListener('ch:queue', (event) => {
    const { state } = event.detail;
    const wasQueued = queued;
    draft = toolkitStore.load();
    renderBuilder();
    if (state === 'sent' && wasQueued) {
      setNotice($('save-message'), S.sent, 'success');
      announce(S.sent);
    }
  });
}

// ---- Start ------------------------------------------------------------------------------------

if (viewId) {
  // Someone's shared toolkit is not "My toolkit" (setupView puts the mark back for its owner).
  document.querySelector('.site-nav a[href="toolkit.html"]').removeAttribute('aria-current');
  setupView(viewId);
} else {
  taxonomy().then((t) => {
    tax = t;
    setupBuilder();
  });
}
