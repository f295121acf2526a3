// The search page. The URL holds the whole state (q, filters, year range, sort, page), so a link
// and a reload show the same results; changes replace the URL rather than add history entries.

import { api, taxonomy, ApiError } from './api.js';
import { announce, badges, compareCheckbox, el, formatDate, holdUntilDrawn, isRated, labelFor, pageSettled, resourceUrl } from './common.js';
import { apiLang, applyStrings, lang, t, tn, tParts } from './i18n.js';
import { toolkitStore } from './toolkit-store.js';
// Imported when needed, not before the first results (web/README.md, "Speed"): the suggestion
// list (js/combobox.js) when the search box is first used or the page has loaded, the "Compare"
// checkbox (js/compare-pick.js, through common.js) with the first rated result, and the offline
// search and its strings (js/offline-strings.js) when the API cannot be reached.
let S = null;

applyStrings();

const FACETS = [
  { key: 'focus_area', legend: t('search.facet.focus_area'), plural: t('search.facet.focus_areas') },
  { key: 'type', legend: t('search.facet.type'), plural: t('search.facet.types') },
  { key: 'topic', legend: t('search.facet.topic'), plural: t('search.facet.topics') },
  { key: 'audience', legend: t('search.facet.audience'), plural: t('search.facet.audiences') },
  { key: 'evidence_rating', legend: t('search.facet.evidence_rating'), plural: t('search.facet.evidence_ratings') },
];
const FACET_KEYS = FACETS.map((f) => f.key);
const SORTS = ['relevance', 'newest', 'oldest', 'title', 'evidence'];
const PER_PAGE = 10;
const COLLAPSED_COUNT = 6;

const $ = (id) => document.getElementById(id);
const form = $('search-form');
const input = $('q');
const resultsSection = $('results');
const resultsList = $('results-list');
const heading = $('results-heading');
const countLine = $('result-count');
const sortSelect = $('sort');
const yearFrom = $('year-from');
const yearTo = $('year-to');
const facetsBox = $('facets');
const filtersPanel = $('filters-panel');
const filtersToggle = document.querySelector('.filters-toggle');

let state = readState(window.location.search);
let searchController = null;
let lastResponse = null;
let allYears = [];
let lastYearCounts = [];
let tax = null;
const expanded = new Set(); // facets showing all their values

// ---- State <-> URL ----------------------------------------------------------------------------

function readState(search) {
  const p = new URLSearchParams(search);
  const s = { q: (p.get('q') || '').trim(), filters: {}, from: '', to: '', sort: 'relevance', page: 1 };
  for (const key of FACET_KEYS) {
    const values = [];
    for (const v of p.getAll(key)) {
      for (const part of v.split(',')) if (part && !values.includes(part)) values.push(part);
    }
    s.filters[key] = values;
  }
  const year = (v) => (/^\d{4}$/.test(v || '') ? v : '');
  s.from = year(p.get('published_from'));
  s.to = year(p.get('published_to'));
  if (SORTS.includes(p.get('sort'))) s.sort = p.get('sort');
  const page = Number.parseInt(p.get('page') || '1', 10);
  s.page = Number.isFinite(page) && page >= 1 && page <= 1000 ? page : 1;
  // false after "Search instead for" the query as typed: the API then keeps the spelling as typed.
  s.autocorrect = p.get('autocorrect') !== 'false';
  return s;
}

function stateParams(s, { forApi = false } = {}) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const key of FACET_KEYS) for (const v of s.filters[key]) p.append(key, v);
  if (s.from) p.set('published_from', s.from);
  if (s.to) p.set('published_to', s.to);
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.q && s.autocorrect === false) p.set('autocorrect', 'false');
  if (forApi) p.set('per_page', String(PER_PAGE));
  return p;
}

function urlFor(s) {
  const query = stateParams(s).toString();
  return window.location.pathname + (query ? '?' + query : '');
}

function clone(s) {
  return { ...s, filters: Object.fromEntries(FACET_KEYS.map((k) => [k, [...s.filters[k]]])) };
}

function hasFilters(s) {
  return FACET_KEYS.some((k) => s.filters[k].length) || Boolean(s.from || s.to);
}

function isLanding(s) {
  return !s.q && !hasFilters(s) && s.page === 1 && s.sort === 'relevance';
}

// Moves to a new state: puts it in the URL and searches. The URL is replaced, not pushed: a
// search, a filter or a page of results never adds a step to the tab's history, so the history
// holds one entry for the search page however much was searched (fewer traces to find, and Back
// leaves the search page). A reload or a shared link still shows the same results.
function go(next, { focusResults = false } = {}) {
  state = next;
  window.history.replaceState(null, '', urlFor(state));
  runSearch({ focusResults });
}

// ---- Rendering helpers ------------------------------------------------------------------------

// The server's snippet is HTML-escaped except for <mark>. Insert it as HTML only when that holds.
export function snippetNode(snippet) {
  const p = el('p', { class: 'snippet' });
  if (!snippet) return p;
  const withoutMarks = snippet.replace(/<\/?mark>/g, '');
  if (/[<>]/.test(withoutMarks)) p.textContent = snippet;
  else p.innerHTML = snippet;
  return p;
}

function escapeText(text) {
  return String(text || '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// True when two queries have the same words, ignoring case, quotes (straight or curly) and
// punctuation: "“victim services”" and "victim services" need no "did you mean".
export function sameWords(a, b) {
  const words = (text) => String(text || '').toLowerCase().normalize('NFKC')
    .replace(/[\p{P}\p{S}]+/gu, ' ').trim().split(/\s+/).join(' ');
  return words(a) === words(b);
}

// A count as the language writes it. Below 1,000 no language of the page groups digits, and
// Intl's first use (toLocaleString) costs about 30 ms of CPU, over 100 ms on a slow phone, on
// the way to the first results (benchmarks/RESULTS.md, "Web page paint time on a slow phone").
function formatCount(n, locale = lang) {
  return Number.isInteger(n) && n >= 0 && n < 1000 ? String(n) : n.toLocaleString(locale);
}

function quoted(q) {
  return `“${q}”`;
}

function addToggle(resource, describedBy) {
  const button = el('button', {
    type: 'button',
    class: 'btn btn-secondary btn-small add-toggle',
    'aria-describedby': describedBy,
  });
  const sync = () => {
    const inKit = toolkitStore.has(resource.id);
    button.setAttribute('aria-pressed', inKit ? 'true' : 'false');
    button.textContent = inKit ? t('search.in_toolkit') : t('search.add_toolkit');
  };
  button.addEventListener('click', () => {
    if (toolkitStore.has(resource.id)) {
      toolkitStore.remove(resource.id);
      announce(t('search.removed_from_toolkit', { title: resource.title }));
    } else {
      toolkitStore.add(resource);
      announce(t('search.added_to_toolkit', { title: resource.title, count: tn('toolkit.resource_count', toolkitStore.count()) }));
    }
    sync();
  });
  sync();
  button.syncState = sync;
  return button;
}

function renderResults(data) {
  resultsList.replaceChildren(...data.results.map((r, i) => {
    const titleId = `result-${i}-title`;
    const date = formatDate(r.published);
    // The resource's own words (title, snippet, source) carry its language; the page's around them.
    const meta = el('p', { class: 'meta' }, r.source ? el('span', { lang: r.language, text: r.source }) : null,
      r.source && date ? ' · ' : null, date || null);
    const snippet = snippetNode(state.q && r.snippet ? r.snippet : escapeText(r.summary));
    if (r.language) snippet.lang = r.language;
    return el('li', { class: 'result card' },
      el('article', { 'aria-labelledby': titleId },
        el('h3', { lang: r.language }, el('a', { id: titleId, href: resourceUrl(r.id), text: r.title })),
        badges(tax, r),
        snippet,
        el('div', { class: 'result-foot' },
          meta,
          isRated(r) && !data.from_device ? compareCheckbox(r, titleId) : null,
          addToggle(r, titleId)),
        data.from_device ? el('p', { class: 'offline-note', text: S.fromDevice }) : null));
  }));
}

// Offline: the same search over the resources saved on this device (js/offline-search.js),
// drawn like an API answer, under a notice that says where the results come from. The offline
// modules load only then (the service worker keeps them), not before the first results.
async function runOfflineSearch(controller) {
  const notice = $('offline-results');
  const [{ hasOfflineCopy }, { searchDevice }, strings] = await Promise.all([
    import('./offline-store.js'), import('./offline-search.js'), import('./offline-strings.js')]);
  S = strings.S;
  const data = hasOfflineCopy() ? await searchDevice(state, { perPage: PER_PAGE }) : null;
  if (controller !== searchController) return;
  if (!tax) tax = await taxonomy();
  if (!data || !data.device_count) {
    showError(new ApiError(0, 'network', S.offlineSearchEmpty));
    notice.hidden = true;
    return;
  }
  $('search-error').hidden = true;
  notice.textContent = S.offlineSearchNotice(S.resources(data.device_count)) + (data.total ? '' : ' ' + S.offlineSearchNone);
  notice.hidden = false;
  render(data);
  renderYears(data.facets.year);
  announce(notice.textContent + ' ' + describe(data) + '.');
}

// `approximate`: the response's facets_exact is false (counts estimated from a sample).
function facetOption(facetKey, v, approximate) {
  const id = `f-${facetKey}-${v.value}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const label = v.label || labelFor(tax && tax[facetKey], v.value);
  const checkbox = el('input', { type: 'checkbox', id, name: facetKey, value: v.value, checked: v.selected });
  checkbox.addEventListener('change', () => {
    const next = clone(state);
    const list = next.filters[facetKey];
    if (checkbox.checked) {
      if (!list.includes(v.value)) list.push(v.value);
    } else {
      next.filters[facetKey] = list.filter((x) => x !== v.value);
    }
    next.page = 1;
    go(next);
  });
  return el('li', {},
    el('label', { class: 'facet-option' + (v.count === 0 ? ' zero' : ''), for: id },
      checkbox,
      el('span', { class: 'label', text: label }),
      el('span', { class: 'count', text: (approximate ? t('search.about') : '') + formatCount(v.count, 'en') },
        el('span', { class: 'visually-hidden', text: ' ' + tn('search.facet_count', v.count) }))));
}

function renderFacets(data) {
  const focusedId = document.activeElement && facetsBox.contains(document.activeElement) ? document.activeElement.id : null;
  const boxes = [];
  for (const f of FACETS) {
    const values = (data.facets[f.key] || []).filter((v) => v.count > 0 || v.selected);
    if (!values.length) continue;
    const showAll = expanded.has(f.key) || values.length <= COLLAPSED_COUNT + 2;
    // Selected values always show, even when the list is collapsed.
    const shown = showAll ? values : values.filter((v, i) => i < COLLAPSED_COUNT || v.selected);
    const legendId = `legend-${f.key}`;
    const fieldset = el('fieldset', {},
      el('legend', { id: legendId, text: f.legend }),
      el('ul', { class: 'facet-list', id: `facet-${f.key}` }, shown.map((v) => facetOption(f.key, v, data.facets_exact === false))));
    if (values.length > COLLAPSED_COUNT + 2) {
      const more = el('button', {
        type: 'button',
        class: 'link-button facet-more',
        id: `more-${f.key}`,
        'aria-expanded': showAll ? 'true' : 'false',
        'aria-controls': `facet-${f.key}`,
        text: showAll ? t('search.show_fewer', { what: f.plural }) : t('search.show_all', { n: values.length, what: f.plural }),
      });
      more.addEventListener('click', () => {
        if (expanded.has(f.key)) expanded.delete(f.key);
        else expanded.add(f.key);
        renderFacets(lastResponse);
        const again = document.getElementById(`more-${f.key}`);
        if (again) again.focus();
      });
      fieldset.append(more);
    }
    boxes.push(fieldset);
  }
  if (!boxes.length) boxes.push(el('p', { class: 'hint', text: t('search.no_facets') }));
  facetsBox.replaceChildren(...boxes);
  if (focusedId) {
    const again = document.getElementById(focusedId);
    if (again) again.focus();
  }
}

function renderYears(yearCounts) {
  lastYearCounts = yearCounts || [];
  const counts = new Map((yearCounts || []).map((v) => [v.value, v.count]));
  const years = [...new Set([...allYears, ...counts.keys(), state.from, state.to].filter(Boolean))].sort();
  const fill = (select, value) => {
    const options = [el('option', { value: '', text: t('search.any_year') })];
    for (const y of years) {
      const n = counts.get(y) || 0;
      options.push(el('option', { value: y, text: `${y} (${n})` }));
    }
    select.replaceChildren(...options);
    select.value = value;
  };
  fill(yearFrom, state.from);
  fill(yearTo, state.to);
}

function renderChips() {
  const chips = [];
  const add = (label, remove) => {
    chips.push(el('li', {},
      el('button', { type: 'button', class: 'chip', 'aria-label': t('search.remove_filter', { label }), onclick: remove },
        el('span', { text: label }), el('span', { class: 'x', 'aria-hidden': 'true', text: '×' }))));
  };
  for (const f of FACETS) {
    for (const v of state.filters[f.key]) {
      const facet = lastResponse && (lastResponse.facets[f.key] || []).find((x) => x.value === v);
      const label = (facet && facet.label) || labelFor(tax && tax[f.key], v);
      add(`${f.legend}: ${label}`, () => {
        const next = clone(state);
        next.filters[f.key] = next.filters[f.key].filter((x) => x !== v);
        next.page = 1;
        go(next, { focusResults: true });
      });
    }
  }
  if (state.from || state.to) {
    const label = state.from && state.to ? (state.from === state.to ? state.from : t('search.years_range', { from: state.from, to: state.to }))
      : state.from ? t('search.years_from', { from: state.from }) : t('search.years_to', { to: state.to });
    add(t('search.chip_published', { label }), () => {
      const next = clone(state);
      next.from = '';
      next.to = '';
      next.page = 1;
      go(next, { focusResults: true });
    });
  }
  if (chips.length > 1) {
    chips.push(el('li', {}, el('button', {
      type: 'button',
      class: 'link-button',
      text: t('search.clear_filters'),
      onclick: () => go(clearedFilters(), { focusResults: true }),
    })));
  }
  $('chips').replaceChildren(...chips);
  $('active-filters').hidden = chips.length === 0;
  const n = FACET_KEYS.reduce((a, k) => a + state.filters[k].length, 0) + (state.from || state.to ? 1 : 0);
  filtersToggle.textContent = (filtersPanel.classList.contains('open') ? t('search.hide_filters') : t('search.show_filters')) + (n ? ' ' + tn('search.n_active', n) : '');
}

function clearedFilters() {
  const next = clone(state);
  for (const k of FACET_KEYS) next.filters[k] = [];
  next.from = '';
  next.to = '';
  next.page = 1;
  return next;
}

function pageLink(page, text, label, current = false) {
  if (current) return el('span', { class: 'current', 'aria-current': 'page', 'aria-label': label, text });
  const target = clone(state);
  target.page = page;
  const a = el('a', { href: urlFor(target), 'aria-label': label, text });
  a.addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    go(target, { focusResults: true });
  });
  return a;
}

function renderPagination(data) {
  const nav = $('pagination');
  const pages = Math.min(Math.ceil(data.total / PER_PAGE), Math.floor(10000 / PER_PAGE));
  if (pages <= 1 || data.results.length === 0) {
    nav.hidden = true;
    nav.replaceChildren();
    return;
  }
  const current = state.page;
  const items = [];
  if (current > 1) items.push(pageLink(current - 1, t('search.previous'), t('search.previous_label', { n: current - 1 })));
  const wanted = new Set([1, pages, current - 1, current, current + 1].filter((n) => n >= 1 && n <= pages));
  let last = 0;
  for (const n of [...wanted].sort((a, b) => a - b)) {
    if (n - last > 1) items.push(el('span', { class: 'gap', 'aria-hidden': 'true', text: '…' }));
    items.push(pageLink(n, String(n), t('search.page_label', { n }), n === current));
    last = n;
  }
  if (current < pages) items.push(pageLink(current + 1, t('search.next'), t('search.next_label', { n: current + 1 })));
  nav.replaceChildren(el('ul', {}, items.map((node) => el('li', {}, node))));
  nav.hidden = false;
}

function renderEmpty(data) {
  const box = $('empty-state');
  if (data.total > 0 && data.results.length === 0) {
    const first = clone(state);
    first.page = 1;
    box.replaceChildren(
      el('h2', { text: t('search.no_such_page', { n: state.page }) }),
      el('p', {}, el('a', { href: urlFor(first), onclick: (e) => { e.preventDefault(); go(first, { focusResults: true }); } }, t('search.first_page'))));
    box.hidden = false;
    return;
  }
  if (data.total > 0) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const tips = [];
  if (data.did_you_mean && !sameWords(data.did_you_mean, state.q)) {
    const fixed = clone(state);
    fixed.q = data.did_you_mean;
    fixed.page = 1;
    fixed.autocorrect = true;
    tips.push(el('li', {}, ...tParts('search.tip_search_for', { link: el('a', {
      href: urlFor(fixed), onclick: (e) => { e.preventDefault(); input.value = fixed.q; go(fixed, { focusResults: true }); },
    }, el('strong', { text: data.did_you_mean })) })));
  }
  if (hasFilters(state)) {
    tips.push(el('li', {}, ...tParts('search.tip_remove_filter', { button: el('button', {
      type: 'button', class: 'link-button', text: t('search.tip_clear_filters'), onclick: () => go(clearedFilters(), { focusResults: true }),
    }) })));
  }
  if (state.q) {
    tips.push(el('li', { text: t('search.tip_spelling') }));
    tips.push(el('li', { text: t('search.tip_acronyms') }));
  }
  tips.push(el('li', {}, ...tParts('search.tip_featured', { link: el('a', { href: 'toolkit.html#featured-section', text: t('search.tip_featured_link') }) })));
  tips.push(el('li', {}, ...tParts('search.tip_browse', { link: el('a', { href: './', text: t('search.tip_browse_link') }) })));
  box.replaceChildren(
    el('h2', { text: state.q ? t('search.empty_for', { q: quoted(state.q) }) : t('search.empty_filters') }),
    el('p', { text: t('search.ideas') }),
    el('ul', {}, tips));
  box.hidden = false;
}

function renderSpelling(data) {
  const dym = $('did-you-mean');
  const suggestion = data.did_you_mean;
  if (suggestion && state.q && !sameWords(suggestion, state.q) && data.total > 0) {
    const fixed = clone(state);
    fixed.q = suggestion;
    fixed.page = 1;
    fixed.autocorrect = true;
    dym.replaceChildren(t('search.did_you_mean'), el('a', {
      href: urlFor(fixed),
      onclick: (e) => { e.preventDefault(); input.value = suggestion; go(fixed, { focusResults: true }); },
      text: suggestion,
    }), '?');
    dym.hidden = false;
  } else {
    dym.hidden = true;
  }
  const used = $('query-used');
  if (data.showing_results_for) {
    // Nothing matched every word as typed, so the API searched its spelling correction; the
    // link searches the words as typed (autocorrect=false).
    const typed = clone(state);
    typed.q = data.search_instead_for || state.q;
    typed.page = 1;
    typed.autocorrect = false;
    used.replaceChildren(...tParts('search.showing_for', {
      typed: el('strong', { text: quoted(state.q) }), used: el('strong', { text: data.showing_results_for }),
    }), ' ', ...tParts('search.instead_for', {
      link: el('a', {
        href: urlFor(typed),
        'data-search-instead': '',
        onclick: (e) => { e.preventDefault(); input.value = typed.q; go(typed, { focusResults: true }); },
        text: typed.q,
      }),
    }));
    used.hidden = false;
  } else if (data.query_used) {
    used.replaceChildren(...tParts('search.query_used', { words: el('strong', { text: data.query_used }) }));
    used.hidden = false;
  } else {
    used.hidden = true;
  }
}

function describe(data) {
  if (data.total === 0) return state.q ? t('search.no_results_for', { q: quoted(state.q) }) : t('search.no_results');
  const from = (state.page - 1) * PER_PAGE + 1;
  const to = from + data.results.length - 1;
  const count = tn('search.count', data.total, { n: formatCount(data.total) });
  const total = `${data.total_exact ? '' : t('search.about')}${count}`;
  if (data.results.length === 0) return total;
  const range = data.total > PER_PAGE ? t('search.showing', { from, to }) : '';
  return `${total}${state.q ? t('search.count_for', { q: quoted(state.q) }) : ''}${range}`;
}

function render(data) {
  lastResponse = data;
  const landing = isLanding(state);
  heading.textContent = headingText();
  countLine.textContent = describe(data);
  document.title = (state.q ? `${state.q} – ` : '') + t('search.title');
  try {
    sessionStorage.setItem('clearinghouse.lastSearch', urlFor(state));
  } catch {
    // Without session storage the resource page links back to a new search.
  }
  $('featured').hidden = !landing || !$('featured-list').children.length;
  $('show-results').textContent = data.total === 0 ? t('search.show_none') : t('search.show_n', { count: tn('search.count', data.total, { n: formatCount(data.total) }) });
  // "Strongest evidence first" says how it orders, in the API's words.
  const order = $('sort-order');
  order.textContent = state.sort === 'evidence' && data.order ? data.order : '';
  order.hidden = !order.textContent;
  renderSpelling(data);
  renderResults(data);
  renderFacets(data);
  renderChips();
  renderEmpty(data);
  renderPagination(data);
}

function syncControls() {
  if (document.activeElement !== input) resetBox(state.q);
  sortSelect.value = state.sort;
  if (!state.q && state.sort === 'relevance') {
    sortSelect.options[0].textContent = t('search.sort_default');
  } else {
    sortSelect.options[0].textContent = t('search.sort_relevance');
  }
}

// ---- Searching --------------------------------------------------------------------------------

function headingText() {
  return state.q ? t('search.results_for', { q: quoted(state.q) }) : hasFilters(state) ? t('search.filtered') : t('search.latest');
}

async function runSearch({ focusResults = false } = {}) {
  syncControls();
  heading.textContent = headingText(); // known from the URL: drawn before the answer comes
  if (searchController) searchController.abort();
  const controller = new AbortController();
  searchController = controller;
  resultsSection.setAttribute('aria-busy', 'true');
  const errorBox = $('search-error');
  try {
    const params = stateParams(state, { forApi: true });
    // The page's language ranks first and labels the facets: `lang=` only when the browser's
    // Accept-Language does not already say it (the URL stays the one the page's inline script
    // already asked for).
    if (apiLang()) params.set('lang', apiLang());
    // Year counts ignore the year range itself, so every year shows what choosing it would give.
    const yearsParams = new URLSearchParams(params);
    yearsParams.delete('published_from');
    yearsParams.delete('published_to');
    yearsParams.delete('page');
    yearsParams.delete('sort');
    yearsParams.set('per_page', '1');
    yearsParams.set('facets', 'year');
    const [data, years, featured] = await Promise.all([
      api.search(params, controller.signal),
      state.from || state.to ? api.search(yearsParams, controller.signal).catch(() => null) : null,
      isLanding(state) ? featuredToolkits() : null,
      taxonomy().then((t) => { tax = t; }),
    ]);
    if (controller !== searchController) return;
    if (featured) renderFeatured(featured);
    errorBox.hidden = true;
    $('offline-results').hidden = true;
    render(data);
    renderYears(years ? years.facets.year : data.facets.year);
    announce(describe(data) + (state.page > 1 ? t('search.announce_page', { n: state.page }) : '') + '.');
    resultsSection.dataset.rendered = window.location.search; // what is shown (tests wait on it)
    markPainted();
    if (focusResults) heading.focus({ preventScroll: false });
  } catch (err) {
    if (err && err.name === 'AbortError') return;
    if (controller !== searchController) return;
    if (err instanceof ApiError && err.status === 0) await runOfflineSearch(controller).catch(() => showError(err));
    else showError(err);
    resultsSection.dataset.rendered = window.location.search;
    drawn();
  } finally {
    if (controller === searchController) resultsSection.removeAttribute('aria-busy');
  }
}

// "ch:results-painted": a performance mark at the frame after the first results were drawn (the
// speed benchmark, benchmarks/web-paint.mjs, reads it).
let painted = false;
const drawn = holdUntilDrawn(); // the installable app and the suggestion list wait for this
function markPainted() {
  if (painted) return;
  painted = true;
  window.requestAnimationFrame(() => window.requestAnimationFrame(() => {
    performance.mark('ch:results-painted');
    drawn();
  }));
}

function showError(err) {
  const errorBox = $('search-error');
  const bad = err instanceof ApiError && err.status === 400;
  errorBox.replaceChildren(
    el('p', {}, el('strong', { text: (bad ? t('search.err_bad') : t('search.err_unavailable')) + ' ' }),
      err.message || ''),
    bad ? el('p', {}, el('a', { href: './', text: t('search.new_search') })) :
      el('p', {}, el('button', { type: 'button', class: 'btn btn-small', text: t('search.try_again'), onclick: () => runSearch() })));
  errorBox.hidden = false;
  resultsList.replaceChildren();
  $('empty-state').hidden = true;
  $('pagination').hidden = true;
  countLine.textContent = '';
  announce(bad ? t('search.err_bad') : t('search.err_unavailable'));
}

// ---- Wiring -----------------------------------------------------------------------------------

// The suggestion list: js/combobox.js, loaded when the box is first focused or typed in, or once
// the page has loaded and drawn its results, whichever comes first. The box's ARIA attributes are
// in the HTML already.
let combobox = null;
let comboboxLoading = null;
let typedEarly = false; // typed before the list was ready: it then suggests for what is typed
function loadCombobox() {
  if (comboboxLoading) return;
  comboboxLoading = import('./combobox.js').then(({ setupCombobox }) => {
    combobox = setupCombobox({
      input,
      listbox: $('q-suggestions'),
      form,
      fetchSuggestions: async (q, signal) => (await api.suggest(q.slice(0, 200), signal)).suggestions,
      onPick: (s) => {
        if (s.kind === 'title' && s.id) {
          window.location.href = resourceUrl(s.id);
          return;
        }
        input.value = s.text;
        const next = clone(state);
        next.q = s.text.trim();
        next.page = 1;
        next.autocorrect = true;
        go(next, { focusResults: false });
      },
    });
    if (typedEarly && document.activeElement === input) input.dispatchEvent(new Event('input'));
  }, () => {
    comboboxLoading = null; // offline without the worker's copy: try again on the next use
  });
}
input.addEventListener('focus', loadCombobox);
input.addEventListener('input', () => {
  if (!combobox) typedEarly = true;
  loadCombobox();
});
pageSettled().then(loadCombobox);

function resetBox(value) {
  if (combobox) combobox.reset(value);
  else input.value = value;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const next = clone(state);
  next.q = input.value.trim();
  next.page = 1;
  if (next.q !== state.q) next.autocorrect = true;
  if (!next.q && state.sort === 'relevance') next.sort = 'relevance';
  go(next);
});

sortSelect.addEventListener('change', () => {
  const next = clone(state);
  next.sort = sortSelect.value;
  next.page = 1;
  go(next);
});

function onYearChange() {
  const next = clone(state);
  next.from = yearFrom.value;
  next.to = yearTo.value;
  if (next.from && next.to && next.from > next.to) {
    // Keep the range valid: move the other end to meet the one just changed.
    if (document.activeElement === yearFrom) next.to = next.from;
    else next.from = next.to;
  }
  next.page = 1;
  go(next);
}
yearFrom.addEventListener('change', onYearChange);
yearTo.addEventListener('change', onYearChange);

filtersPanel.addEventListener('submit', (event) => event.preventDefault());
function setFiltersOpen(open) {
  filtersPanel.classList.toggle('open', open);
  filtersToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  renderChips();
}
filtersToggle.addEventListener('click', () => setFiltersOpen(!filtersPanel.classList.contains('open')));
// "Show N results" (phones): closes the panel and moves to the results, under the chips that
// show (and remove) the filters just chosen.
$('show-results').addEventListener('click', () => {
  setFiltersOpen(false);
  heading.focus({ preventScroll: true });
  resultsSection.scrollIntoView({ block: 'start' });
});

window.addEventListener('popstate', () => {
  state = readState(window.location.search);
  resetBox(state.q);
  runSearch();
});

// A resource opened from the results: its "Back to search" can step back in the history instead
// of adding another entry.
resultsList.addEventListener('click', (event) => {
  if (event.target.closest && event.target.closest('h3 a')) {
    try {
      sessionStorage.setItem('clearinghouse.fromSearch', '1');
    } catch {
      // The back link then opens the search again.
    }
  }
});

// "Add to toolkit" buttons follow changes made in other tabs or pages.
toolkitStore.subscribe(() => {
  for (const button of resultsList.querySelectorAll('.add-toggle')) if (button.syncState) button.syncState();
});

async function loadYears() {
  try {
    const all = await api.search({ per_page: '1', facets: 'year' });
    allYears = all.facets.year.map((v) => v.value);
  } catch {
    allYears = [];
  }
  if (lastResponse) renderYears(lastYearCounts);
}

// The featured toolkits, asked for once. The landing page draws them in the same frame as the
// results, so nothing moves when one answer comes after the other.
let featuredPromise = null;
function featuredToolkits() {
  if (!featuredPromise) featuredPromise = api.featuredToolkits().then((f) => f.toolkits, () => []);
  return featuredPromise;
}

function renderFeatured(toolkits) {
  if ($('featured-list').children.length || !toolkits.length) return;
  $('featured-list').replaceChildren(...toolkits.slice(0, 6).map((kit) => el('li', {},
    el('article', { class: 'card' },
      el('h3', {}, el('a', { href: 'toolkit.html?id=' + encodeURIComponent(kit.id), text: kit.title })),
      el('p', { class: 'desc', text: kit.description }),
      el('p', { text: tn('toolkit.resource_count', kit.item_count) })))));
}

runSearch();
loadYears();
