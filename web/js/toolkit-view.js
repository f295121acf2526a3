// toolkit-view.js: the read-only page of a shared or featured toolkit (toolkit.html?id=...):
// its items, sharing, exports, "Edit" for its owner and "Copy and edit" for anyone, and the copy
// on this device when offline.
import { api, taxonomy } from './api.js';
import { announce, badges, el, formatDate, resourceUrl } from './common.js';
import { draftFromToolkit, toolkitStore } from './toolkit-store.js';
import { S } from './offline-strings.js';
import { getToolkit, hasOfflineCopy, isNetworkError } from './offline-store.js';
import { offlineNote } from './toolkit-offline.js';
import { MAX_COMPARED, MIN_COMPARED, compareUrl, isRated } from './compare-pick.js';
import { $, confirmReplace, errorText, flash, plural, setNotice, shareUrl } from './toolkit-page.js';

let tax = null;

// "3 of 8 resources have an evidence rating", and a link comparing the rated ones side by side
// (the first MAX_COMPARED) when there are at least two.
export function ratedLine(items) {
  if (!items.length) return null;
  const rated = items.filter((it) => it.available && isRated(it.resource));
  const line = el('p', { class: 'hint rated-line', id: 'rated-line' },
    `${rated.length} of ${plural(items.length, 'resource', 'resources')} ${rated.length === 1 ? 'has' : 'have'} an evidence rating.`);
  if (rated.length >= MIN_COMPARED) {
    const ids = rated.slice(0, MAX_COMPARED).map((it) => it.resource.id);
    line.append(' ', el('a', { class: 'no-print', href: compareUrl(ids),
      text: rated.length > MAX_COMPARED ? `Compare the first ${MAX_COMPARED} rated side by side` : `Compare the ${rated.length} rated side by side` }));
  }
  return line;
}

function viewItem(item, i) {
  const r = item.resource;
  const titleId = `view-item-${i}`;
  const node = el('li', { class: 'card' });
  if (item.available && r) {
    node.append(
      el('h3', { id: titleId }, el('a', { href: resourceUrl(r.id), text: r.title })),
      badges(tax, r, { maxAreas: 3 }),
      el('p', { text: r.summary }),
      el('p', { class: 'hint print-links' }, [r.source, formatDate(r.published)].filter(Boolean).join(' · '),
        r.url && /^https?:/i.test(r.url) ? [' · ', el('a', { href: r.url, rel: 'noopener noreferrer', text: 'Original' })] : null));
  } else {
    node.append(el('h3', { id: titleId, text: item.resource_id }),
      el('p', { class: 'unavailable', text: 'No longer available in the clearinghouse.' }));
  }
  if (item.note) node.append(el('p', { class: 'note' }, el('strong', { text: 'Note: ' }), item.note));
  return node;
}

export async function setupView(id) {
  $('page-intro').hidden = true;
  $('crumbs').hidden = false;
  $('crumbs').classList.add('pending'); // keeps its space until we know whose toolkit this is
  $('page-title').textContent = 'Loading the toolkit…';
  let t;
  let kept = null; // the copy on this device, read when offline
  try {
    [t, tax] = await Promise.all([api.getToolkit(id), taxonomy()]);
  } catch (err) {
    kept = isNetworkError(err) && hasOfflineCopy() ? await getToolkit(id) : null;
    if (kept) {
      t = kept.toolkit;
      tax = await taxonomy();
    } else {
      showViewError(err);
      return;
    }
  }
  renderView(t, kept);
}

function showViewError(err) {
  $('page-title').textContent = err.status === 404 ? 'Toolkit not found' : 'The toolkit could not be loaded';
  document.title = $('page-title').textContent + ' – Public Safety Clearinghouse';
  setNotice($('page-notice'), [
    el('p', { text: err.status === 404 ? 'No toolkit has this link. It may have been deleted, or the link may be incomplete.' : isNetworkError(err) ? S.notOnDevice : errorText(err) }),
    el('p', {}, el('a', { href: 'toolkit.html', text: 'Go to the toolkit builder' })),
  ], 'error');
}

function renderView(t, kept) {
  const view = $('view');
  document.title = `${t.title} – Public Safety Clearinghouse toolkit`;
  $('page-title').textContent = t.title;
  const key = t.featured ? null : toolkitStore.keyFor(t.id);
  const isOpenDraft = toolkitStore.load().id === t.id;
  // Only the browser that made it calls it "my toolkit"; anyone else is offered a builder of their own.
  const crumb = $('crumbs').querySelector('a');
  crumb.textContent = key ? '← Back to my toolkit' : 'Make a toolkit of your own';
  $('crumbs').classList.remove('pending');
  if (key) document.querySelector('.site-nav a[href="toolkit.html"]').setAttribute('aria-current', 'page');

  const details = [t.featured ? 'Featured toolkit' : 'Shared toolkit', plural(t.item_count, 'resource', 'resources')];
  if (t.updated_at) details.push('updated ' + new Date(t.updated_at).toLocaleDateString('en', { day: 'numeric', month: 'long', year: 'numeric' }));

  const actions = el('div', { class: 'button-row no-print' });
  if (key) {
    actions.append(el('button', {
      type: 'button', class: 'btn', id: 'edit-toolkit', text: isOpenDraft ? 'Continue editing' : 'Edit this toolkit',
      onclick: async () => {
        if (!isOpenDraft) {
          if (!(await confirmReplace('Open this toolkit in the builder?'))) return;
          toolkitStore.replace(draftFromToolkit(t));
        }
        window.location.href = 'toolkit.html';
      },
    }));
  }
  actions.append(el('button', {
    type: 'button', class: key ? 'btn btn-secondary' : 'btn', id: 'copy-toolkit', text: 'Copy and edit',
    onclick: async (event) => {
      if (!(await confirmReplace('Copy this toolkit into the builder?'))) return;
      const button = event.target;
      button.setAttribute('aria-disabled', 'true');
      try {
        const copy = await api.copyToolkit(t.id, {});
        toolkitStore.rememberKey(copy.id, copy.edit_key, copy.title);
        toolkitStore.replace(draftFromToolkit(copy));
        flash(`Copied “${t.title}”. This copy is yours: change it and save it, and share its own link.`);
        window.location.href = 'toolkit.html';
      } catch (err) {
        setNotice($('page-notice'), 'Could not copy the toolkit: ' + errorText(err), 'error');
        button.removeAttribute('aria-disabled');
      }
    },
  }));

  const exports = el('div', { class: 'button-row no-print', role: 'group', 'aria-labelledby': 'export-label' },
    el('span', { id: 'export-label', class: 'export-label', text: 'Export:' }),
    el('a', { class: 'btn btn-secondary btn-small', href: api.exportUrl(t.id, 'md'), download: '', text: 'Markdown' }),
    el('a', { class: 'btn btn-secondary btn-small', href: api.exportUrl(t.id, 'html'), download: '', text: 'Print-ready HTML' }),
    el('a', { class: 'btn btn-secondary btn-small', href: api.exportUrl(t.id, 'csv'), download: '', text: 'CSV spreadsheet' }),
    el('button', { type: 'button', class: 'btn btn-secondary btn-small', text: 'Print', onclick: () => window.print() }));

  const shareInput = el('input', { id: 'view-share-url', type: 'url', readonly: true, value: shareUrl(t.id) });
  const share = el('div', { class: 'field no-print' },
    el('label', { for: 'view-share-url', text: 'Link to this toolkit' }),
    el('div', { class: 'share-box' }, shareInput,
      el('button', {
        type: 'button', class: 'btn btn-secondary btn-small', text: 'Copy link',
        onclick: async () => {
          shareInput.select();
          try {
            await navigator.clipboard.writeText(shareInput.value);
            announce('Link copied.');
          } catch {
            announce('The link is selected: copy it with your device’s copy command.');
          }
        },
      })));

  const sections = [];
  let index = 0;
  const groups = t.sections.map((s) => ({ title: s.title, items: t.items.filter((it) => it.section_id === s.id) }));
  const loose = t.items.filter((it) => !it.section_id || !t.sections.some((s) => s.id === it.section_id));
  if (loose.length) groups.push({ title: t.sections.length ? 'Other resources' : null, items: loose });
  for (const g of groups) {
    if (!g.items.length) continue;
    const headingId = `view-section-${sections.length}`;
    const list = el('ol', { class: 'view-items' }, g.items.map((it) => viewItem(it, index++)));
    if (g.title) {
      list.setAttribute('aria-labelledby', headingId);
      sections.push(el('section', { class: 'view-section', 'aria-labelledby': headingId }, el('h2', { id: headingId, text: g.title }), list));
    } else {
      list.setAttribute('aria-label', 'Resources');
      sections.push(list);
    }
  }

  const note = el('div', { class: 'offline-note-slot' });
  offlineNote(t, kept, Boolean(key)).then((n) => note.replaceChildren(n));
  view.replaceChildren(...[
    el('p', { class: 'hint', text: details.join(' · ') }),
    ratedLine(t.items),
    note,
    t.copied_from ? el('p', { class: 'hint' }, 'Copied from ', el('a', { href: 'toolkit.html?id=' + encodeURIComponent(t.copied_from), text: 'another toolkit' }), '.') : null,
    t.description ? el('p', { class: 'description', text: t.description }) : null,
    actions,
    el('h2', { class: 'visually-hidden', text: 'Share and export' }),
    share,
    exports,
    el('div', { class: 'stack view-body' }, sections.length ? sections : [el('p', { text: 'This toolkit has no resources yet.' })]),
  ].filter(Boolean));
  view.hidden = false;
}
