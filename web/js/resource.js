// The resource page: resource.html?id=ID.

import { api, hasOfflineCopy, isNetworkError, taxonomy } from './api.js';
import { announce, badges, compareCheckbox, el, evidenceBadge, formatDate, holdUntilDrawn, isRated, labelFor, resourceUrl } from './common.js';
import { toolkitStore } from './toolkit-store.js';
import { applyStrings, lang, t, tn, tParts } from './i18n.js';

// Imported when needed, not before the first paint (web/README.md, "Speed"): the offline copy
// (js/offline-store.js) only in a browser that keeps one or when the API cannot be reached, with
// its strings (js/offline-strings.js); the "Compare" checkbox's module through common.js.
let offlineLoading = null;
let S = null;
function offlineModules() {
  if (!offlineLoading) {
    offlineLoading = Promise.all([import('./offline-store.js'), import('./offline-strings.js')]).then(([store, strings]) => {
      S = strings.S;
      return store;
    });
  }
  return offlineLoading;
}

applyStrings();

const $ = (id) => document.getElementById(id);
const id = new URLSearchParams(window.location.search).get('id') || '';
const status = $('resource-status');

function searchLink(params, text) {
  return el('a', { href: './?' + new URLSearchParams(params).toString(), text });
}

function languageName(code) {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) || code;
  } catch {
    return code;
  }
}

// "https://www.nij.ojp.gov/topics/x" -> "nij.ojp.gov"; null for anything but http(s).
function siteOf(url) {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

// `lang`: the language of the value when it is the resource's own words (source, authors, keywords).
function metaRow(list, term, value, lang = null) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return;
  const dd = el('dd', { lang });
  if (Array.isArray(value)) dd.append(el('ul', {}, value.map((v) => el('li', {}, v))));
  else dd.append(value);
  list.append(el('dt', { text: term }), dd);
}

// The body is rendered and sanitised by the server. Tables get a scrolling wrapper that keyboard
// users can reach, and links to other sites open safely.
function renderBody(html) {
  const body = $('resource-body');
  body.innerHTML = html || '';
  let n = 0;
  for (const table of body.querySelectorAll('table')) {
    n++;
    const caption = table.querySelector('caption');
    const wrapper = el('div', {
      class: 'table-scroll',
      tabindex: '0',
      role: 'region',
      'aria-label': caption ? caption.textContent : t('resource.table_n', { n }),
    });
    table.replaceWith(wrapper);
    wrapper.append(table);
  }
  for (const a of body.querySelectorAll('a[href]')) {
    try {
      const url = new URL(a.getAttribute('href'), window.location.href);
      if (url.origin !== window.location.origin) a.setAttribute('rel', 'noopener noreferrer');
    } catch {
      // Leave a link the browser cannot read as it is.
    }
  }
}

function syncToolkitButton(resource) {
  const button = $('add-to-toolkit');
  const inKit = toolkitStore.has(resource.id);
  button.textContent = inKit ? t('resource.remove') : t('resource.add');
  const note = $('toolkit-status');
  if (inKit) {
    const n = toolkitStore.count();
    note.replaceChildren(...tParts('resource.in_toolkit', {
      link: el('a', { href: 'toolkit.html', text: t('resource.your_toolkit') }), count: tn('toolkit.resource_count', n),
    }));
  } else {
    note.replaceChildren();
  }
}

// Offline: the related resources named in the page (related_ids) that are saved on this device.
async function relatedFromDevice(r, tax) {
  const { getResource } = await offlineModules();
  const kept = await Promise.all((r.related_ids || []).map((rid) => getResource(rid)));
  renderRelated(kept.filter(Boolean).map((k) => k.resource), tax);
}

// "Saved for offline use · updated …" for a resource kept on this device; offline, that the page
// is the device's copy.
function showOfflineNote(record, offline) {
  const note = $('resource-offline');
  if (!record) return;
  note.textContent = offline ? S.readingFromDevice(S.ago(Date.now() - record.stored_at)) : S.savedOffline(S.ago(Date.now() - record.stored_at));
  note.classList.toggle('is-offline', offline);
  note.hidden = false;
}

// The link to the same resource in another language, written in that language.
const TRANSLATION_LINK = { en: 'Also in English', es: 'También en español' };

// `list`: the related resources' answer's translations ([{id, language, title}]).
function renderTranslations(list) {
  const links = list.map((t) => el('a', {
    href: resourceUrl(t.id), hreflang: t.language, lang: t.language,
    text: TRANSLATION_LINK[t.language] || `${languageName(t.language)}: ${t.title}`,
  }));
  $('resource-translations').replaceChildren(...links.flatMap((a, i) => (i ? [' · ', a] : [a])));
  $('resource-translations').hidden = links.length === 0;
}

// Each rating with its outcome, the evidence behind it, who rated it, and what the rating means
// in plain words (the taxonomy's description).
function renderEvidence(r, tax) {
  const ratings = (r.evidence && r.evidence.ratings) || [];
  $('resource-evidence').hidden = ratings.length === 0;
  if (!ratings.length) return;
  $('evidence-sample').hidden = !r.evidence.sample_data;
  $('evidence-list').replaceChildren(...ratings.map((x) => {
    const meaning = tax.rating && tax.rating.get(x.rating);
    // Who rated it (a name, in the resource's language) and when (in the page's).
    const date = x.date ? formatDate(x.date) : '';
    const who = x.rated_by || date ? el('span', {}, x.rated_by ? el('span', { lang: r.language, text: x.rated_by }) : null,
      x.rated_by && date ? ', ' : null, date || null) : null;
    return el('li', {},
      el('p', {}, el('strong', { text: labelFor(tax.outcome, x.outcome) + ': ' }),
        evidenceBadge(tax, { ratings: [x], sample_data: r.evidence.sample_data })),
      meaning && meaning.description ? el('p', { text: meaning.description }) : null,
      el('p', { class: 'muted' }, t('compare.based_on', { base: labelFor(tax.evidence_base, x.evidence_base) }),
        ...(who ? [' · ', ...tParts('resource.rated_by', { who })] : [])),
      x.url ? el('p', {}, el('a', { href: x.url, rel: 'noopener noreferrer', text: t('resource.how_rated') })) : null);
  }));
}

function render(r, tax) {
  document.title = t('resource.page_title', { title: r.title });
  // The resource's own words are in its language (screen readers pronounce them right); the
  // page around them keeps the page's.
  for (const part of ['resource-title', 'resource-summary', 'resource-body']) $(part).lang = r.language || 'en';
  $('resource-title').textContent = r.title;
  $('resource-summary').textContent = r.summary;
  $('resource-badges').replaceWith(Object.assign(badges(tax, r, { maxAreas: 8 }), { id: 'resource-badges' }));
  renderEvidence(r, tax);

  // Who, where and when, under the title (on a phone the "About" box comes after the body).
  const byline = [];
  if (r.source) byline.push(el('span', { lang: r.language, text: r.source }));
  if (r.published) byline.push(el('span', {}, t('resource.published_on'), el('time', { datetime: r.published, text: formatDate(r.published) })));
  if (r.authors && r.authors.length) byline.push(el('span', {}, t('resource.by'), el('span', { lang: r.language, text: r.authors.join(', ') })));
  $('resource-byline').replaceChildren(...byline.flatMap((part, i) => (i ? [el('span', { class: 'sep', 'aria-hidden': 'true', text: ' · ' }), part] : [part])));
  $('resource-byline').hidden = byline.length === 0;

  // The original: which site it is on, that it opens a new tab, and (printed) its full address.
  const original = $('original-link');
  const site = siteOf(r.url);
  if (site) {
    original.href = r.url;
    $('original-site').textContent = site;
    original.hidden = false;
    $('print-original').textContent = t('resource.print_original', { url: r.url });
  } else {
    original.hidden = true;
    $('print-original').textContent = '';
  }
  $('print-page').textContent = t('resource.print_page', { url: window.location.href });

  renderBody(r.body_html);

  const meta = $('resource-meta');
  meta.replaceChildren();
  metaRow(meta, t('resource.meta.type'), r.type ? searchLink({ type: r.type }, labelFor(tax.type, r.type)) : null);
  metaRow(meta, t('resource.meta.source'), r.source, r.language);
  metaRow(meta, t(r.authors.length > 1 ? 'resource.meta.authors' : 'resource.meta.author'), r.authors, r.language);
  metaRow(meta, t('resource.meta.published'), formatDate(r.published));
  metaRow(meta, t('resource.meta.updated'), formatDate(r.updated));
  metaRow(meta, t('resource.meta.length'), r.duration);
  metaRow(meta, t('resource.meta.focus_areas'), r.focus_areas.map((v) => searchLink({ focus_area: v }, labelFor(tax.focus_area, v))));
  metaRow(meta, t('resource.meta.topics'), r.topics.map((v) => searchLink({ topic: v }, labelFor(tax.topic, v))));
  metaRow(meta, t('resource.meta.audience'), r.audience.map((v) => searchLink({ audience: v }, labelFor(tax.audience, v))));
  metaRow(meta, t('resource.meta.language'), r.language ? languageName(r.language) : null);
  metaRow(meta, t('resource.meta.keywords'), r.keywords.map((k) => searchLink({ q: k }, k)), r.language);

  $('related').hidden = true;

  const button = $('add-to-toolkit');
  button.addEventListener('click', () => {
    if (toolkitStore.has(r.id)) {
      toolkitStore.remove(r.id);
      announce(t('resource.removed'));
    } else {
      toolkitStore.add(r);
      announce(t('resource.added', { count: tn('toolkit.resource_count', toolkitStore.count()) }));
    }
    syncToolkitButton(r);
  });
  toolkitStore.subscribe(() => syncToolkitButton(r));
  syncToolkitButton(r);
  // A rated program can be chosen for the side-by-side comparison (compare.html).
  const pick = $('compare-pick');
  pick.replaceChildren(...(isRated(r) ? [compareCheckbox(r, 'resource-title')] : []));
  pick.hidden = !isRated(r);

  status.hidden = true;
  $('resource').hidden = false;
}

// Related resources come from their own request (they change when other resources do, so they are
// not part of the resource's stable page); a failure there only leaves the section hidden.
function renderRelated(related, tax) {
  $('related-list').replaceChildren(...related.map((x, i) => el('li', {},
    el('article', { class: 'card', 'aria-labelledby': `related-${i}` },
      el('h3', { lang: x.language }, el('a', { id: `related-${i}`, href: resourceUrl(x.id), text: x.title })),
      badges(tax, x, { maxAreas: 2 }),
      el('p', { lang: x.language, text: x.summary })))));
  $('related').hidden = related.length === 0;
}

async function main() {
  try {
    const last = sessionStorage.getItem('clearinghouse.lastSearch');
    if (last && last.startsWith('/')) $('back-link').href = last;
    // Opened from the results: going back is a step back, not a new entry in the history.
    if (sessionStorage.getItem('clearinghouse.fromSearch') && window.history.length > 1) {
      $('back-link').addEventListener('click', (event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        window.history.back();
      });
    }
    sessionStorage.removeItem('clearinghouse.fromSearch');
  } catch {
    // No session storage: the link goes to the search page.
  }
  if (!id) {
    status.className = 'notice error';
    status.replaceChildren(el('p', {}, ...tParts('resource.no_id', { link: el('a', { href: './', text: t('resource.search_link') }) })));
    return;
  }
  try {
    const store = hasOfflineCopy() ? offlineModules() : null; // loads while the API answers
    const [r, tax, list] = await Promise.all([
      api.resource(id), taxonomy(), api.related(id).catch(() => null)]);
    let kept = store ? await store.then((m) => m.getResource(id)).catch(() => null) : null;
    if (kept) {
      // Kept on this device: the copy is refreshed with what was just read.
      await (await store).putResources([r]).catch(() => {});
      kept = Object.assign(kept, { stored_at: Date.now() });
    }
    showOfflineNote(kept, false);
    render(r, tax);
    if (list) renderRelated(list.related || [], tax);
    renderTranslations(list ? list.translations || [] : []);
    return;
  } catch (err) {
    const kept = isNetworkError(err) && hasOfflineCopy() ? await offlineModules().then((m) => m.getResource(id)).catch(() => null) : null;
    if (kept) {
      const tax = await taxonomy();
      showOfflineNote(kept, true);
      render(kept.resource, tax);
      relatedFromDevice(kept.resource, tax);
      return;
    }
    if (isNetworkError(err)) await offlineModules().catch(() => {}); // for its message
    showLoadError(err);
  }
}

function showLoadError(err) {
  status.className = 'notice error';
  document.title = t('resource.not_found_title');
  if (err.status === 404) {
    status.replaceChildren(
      el('h1', { text: t('resource.not_found') }),
      el('p', {}, ...tParts('resource.not_found_text', { link: el('a', { href: './', text: t('resource.search_link') }) })));
  } else {
    status.replaceChildren(el('p', {}, (isNetworkError(err) && S ? S.notOnDevice : t('resource.load_failed', { message: err.message || t('resource.unknown_error') })) + ' ',
      el('button', { type: 'button', class: 'btn btn-small', text: t('search.try_again'), onclick: () => window.location.reload() })));
  }
  announce(t('resource.load_failed_announce'));
}

// The installable app loads once the resource is drawn (common.js).
main().finally(holdUntilDrawn());
