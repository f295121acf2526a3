// toolkit-view.js: the read-only page of a shared or featured toolkit (toolkit.html?id=...):
// its items, sharing, exports, "Edit" for its owner and "Copy and edit" for anyone, and the copy
// on this device when offline.
import { api, hasOfflineCopy, isNetworkError, taxonomy } from './api.js';
import { MAX_COMPARED, MIN_COMPARED, announce, badges, compareUrl, el, formatDate, isRated, resourceUrl } from './common.js';
import { draftFromToolkit, toolkitStore } from './toolkit-store.js';
import { t as tr, tn } from './i18n.js';
import { $, confirmReplace, errorText, flash, offlineModules, setNotice, shareUrl } from './toolkit-page.js';

let tax = null;

// "3 of 8 resources have an evidence rating", and a link comparing the rated ones side by side
// (the first MAX_COMPARED) when there are at least two.
export function ratedLine(items) {
  if (!items.length) return null;
  const rated = items.filter((it) => it.available && isRated(it.resource));
  const line = el('p', { class: 'hint rated-line', id: 'rated-line' },
    tn(rated.length === 1 ? 'toolkit.rated_one' : 'toolkit.rated', items.length, { rated: rated.length }));
  if (rated.length >= MIN_COMPARED) {
    const ids = rated.slice(0, MAX_COMPARED).map((it) => it.resource.id);
    line.append(' ', el('a', { class: 'no-print', href: compareUrl(ids),
      text: rated.length > MAX_COMPARED ? tr('toolkit.compare_first', { n: MAX_COMPARED }) : tr('toolkit.compare_rated', { n: rated.length }) }));
  }
  return line;
}

function viewItem(item, i) {
  const r = item.resource;
  const titleId = `view-item-${i}`;
  const node = el('li', { class: 'card' });
  if (item.available && r) {
    node.append(
      el('h3', { id: titleId, lang: r.language }, el('a', { href: resourceUrl(r.id), text: r.title })),
      badges(tax, r, { maxAreas: 3 }),
      el('p', { lang: r.language, text: r.summary }),
      el('p', { class: 'hint print-links' }, r.source ? el('span', { lang: r.language, text: r.source }) : null,
        r.source && r.published ? ' · ' : null, formatDate(r.published) || null,
        r.url && /^https?:/i.test(r.url) ? [' · ', el('a', { href: r.url, rel: 'noopener noreferrer', text: tr('toolkit.original') })] : null));
  } else {
    node.append(el('h3', { id: titleId, text: item.resource_id }),
      el('p', { class: 'unavailable', text: tr('toolkit.unavailable') }));
  }
  if (item.note) node.append(el('p', { class: 'note' }, el('strong', { text: tr('toolkit.note') }), item.note));
  return node;
}

export async function setupView(id) {
  $('page-intro').hidden = true;
  $('crumbs').hidden = false;
  $('crumbs').classList.add('pending'); // keeps its space until we know whose toolkit this is
  $('page-title').textContent = tr('toolkit.loading');
  let t;
  let kept = null; // the copy on this device, read when offline
  try {
    [t, tax] = await Promise.all([api.getToolkit(id), taxonomy()]);
  } catch (err) {
    const offline = isNetworkError(err) ? await offlineModules().catch(() => null) : null;
    kept = offline && hasOfflineCopy() ? await offline.getToolkit(id) : null;
    if (kept) {
      t = kept.toolkit;
      tax = await taxonomy();
    } else {
      showViewError(err, offline && offline.S);
      return;
    }
  }
  renderView(t, kept);
}

// `S`: the offline strings, when they could be loaded.
function showViewError(err, S) {
  $('page-title').textContent = err.status === 404 ? tr('toolkit.not_found') : tr('toolkit.load_failed');
  document.title = $('page-title').textContent + ' – ' + tr('common.brand');
  setNotice($('page-notice'), [
    el('p', { text: err.status === 404 ? tr('toolkit.no_such_link') : isNetworkError(err) && S ? S.notOnDevice : errorText(err) }),
    el('p', {}, el('a', { href: 'toolkit.html', text: tr('toolkit.go_builder') })),
  ], 'error');
}

function renderView(t, kept) {
  const view = $('view');
  document.title = tr('toolkit.page_title', { title: t.title });
  $('page-title').textContent = t.title;
  const key = t.featured ? null : toolkitStore.keyFor(t.id);
  const isOpenDraft = toolkitStore.load().id === t.id;
  // Only the browser that made it calls it "my toolkit"; anyone else is offered a builder of their own.
  const crumb = $('crumbs').querySelector('a');
  crumb.textContent = key ? tr('toolkit.back') : tr('toolkit.make_own');
  $('crumbs').classList.remove('pending');
  if (key) document.querySelector('.site-nav a[href="toolkit.html"]').setAttribute('aria-current', 'page');

  const details = [t.featured ? tr('toolkit.featured') : tr('toolkit.shared'), tn('toolkit.resource_count', t.item_count)];
  if (t.updated_at) details.push('updated ' + new Date(t.updated_at).toLocaleDateString('en', { day: 'numeric', month: 'long', year: 'numeric' }));

  const actions = el('div', { class: 'button-row no-print' });
  if (key) {
    actions.append(el('button', {
      type: 'button', class: 'btn', id: 'edit-toolkit', text: isOpenDraft ? tr('toolkit.continue_editing') : tr('toolkit.edit'),
      onclick: async () => {
        if (!isOpenDraft) {
          if (!(await confirmReplace(tr('toolkit.confirm_open')))) return;
          toolkitStore.replace(draftFromToolkit(t));
        }
        window.location.href = 'toolkit.html';
      },
    }));
  }
  actions.append(el('button', {
    type: 'button', class: key ? 'btn btn-secondary' : 'btn', id: 'copy-toolkit', text: tr('toolkit.copy_edit'),
    onclick: async (event) => {
      if (!(await confirmReplace(tr('toolkit.confirm_copy')))) return;
      const button = event.target;
      button.setAttribute('aria-disabled', 'true');
      try {
        const copy = await api.copyToolkit(t.id, {});
        toolkitStore.rememberKey(copy.id, copy.edit_key, copy.title);
        toolkitStore.replace(draftFromToolkit(copy));
        flash(tr('toolkit.copied', { title: t.title }));
        window.location.href = 'toolkit.html';
      } catch (err) {
        setNotice($('page-notice'), tr('toolkit.copy_failed') + errorText(err), 'error');
        button.removeAttribute('aria-disabled');
      }
    },
  }));

  const exports = el('div', { class: 'button-row no-print', role: 'group', 'aria-labelledby': 'export-label' },
    el('span', { id: 'export-label', class: 'export-label', text: tr('toolkit.export_label') }),
    el('a', { class: 'btn btn-secondary btn-small', href: api.exportUrl(t.id, 'md'), download: '', text: 'Markdown' }),
    el('a', { class: 'btn btn-secondary btn-small', href: api.exportUrl(t.id, 'html'), download: '', text: tr('toolkit.export_html') }),
    el('a', { class: 'btn btn-secondary btn-small', href: api.exportUrl(t.id, 'csv'), download: '', text: tr('toolkit.export_csv') }),
    el('button', { type: 'button', class: 'btn btn-secondary btn-small', text: tr('toolkit.print'), onclick: () => window.print() }));

  const shareInput = el('input', { id: 'view-share-url', type: 'url', readonly: true, value: shareUrl(t.id) });
  const share = el('div', { class: 'field no-print' },
    el('label', { for: 'view-share-url', text: tr('toolkit.view_link') }),
    el('div', { class: 'share-box' }, shareInput,
      el('button', {
        type: 'button', class: 'btn btn-secondary btn-small', text: tr('toolkit.copy_link'),
        onclick: async () => {
          shareInput.select();
          try {
            await navigator.clipboard.writeText(shareInput.value);
            announce(tr('toolkit.link_copied'));
          } catch {
            announce(tr('toolkit.link_selected'));
          }
        },
      })));

  const sections = [];
  let index = 0;
  const groups = t.sections.map((s) => ({ title: s.title, items: t.items.filter((it) => it.section_id === s.id) }));
  const loose = t.items.filter((it) => !it.section_id || !t.sections.some((s) => s.id === it.section_id));
  if (loose.length) groups.push({ title: t.sections.length ? tr('toolkit.other_resources') : null, items: loose });
  for (const g of groups) {
    if (!g.items.length) continue;
    const headingId = `view-section-${sections.length}`;
    const list = el('ol', { class: 'view-items' }, g.items.map((it) => viewItem(it, index++)));
    if (g.title) {
      list.setAttribute('aria-labelledby', headingId);
      sections.push(el('section', { class: 'view-section', 'aria-labelledby': headingId }, el('h2', { id: headingId, text: g.title }), list));
    } else {
      list.setAttribute('aria-label', tr('toolkit.resources'));
      sections.push(list);
    }
  }

  const note = el('div', { class: 'offline-note-slot' });
  offlineModules().then((m) => m.offlineNote(t, kept, Boolean(key))).then((n) => note.replaceChildren(n)).catch(() => {});
  view.replaceChildren(...[
    el('p', { class: 'hint', text: details.join(' · ') }),
    ratedLine(t.items),
    note,
    t.copied_from ? el('p', { class: 'hint' }, tr('toolkit.copied_from'), el('a', { href: 'toolkit.html?id=' + encodeURIComponent(t.copied_from), text: tr('toolkit.another_toolkit') }), '.') : null,
    t.description ? el('p', { class: 'description', text: t.description }) : null,
    actions,
    el('h2', { class: 'visually-hidden', text: tr('toolkit.share_export') }),
    share,
    exports,
    el('div', { class: 'stack view-body' }, sections.length ? sections : [el('p', { text: tr('toolkit.no_resources') })]),
  ].filter(Boolean));
  view.hidden = false;
}
