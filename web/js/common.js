// Shared by every page: the quick exit (button and Shift gesture), the skip links, the live region, the toolkit count in the header, and small
// DOM helpers. Nothing here uses innerHTML with API text.

import { applyStrings, lang, t, tn } from './i18n.js';
import { toolkitStore } from './toolkit-store.js';

// Where "Leave this site quickly" goes: a neutral, well-known page. The button is also a plain
// link to it (rel="nofollow noreferrer"), so it works before the scripts load.
export const QUICK_EXIT_URL = 'https://www.google.com/';

// Work that can wait until the page has loaded and drawn what it came for: the installable app
// (the service worker, "a new version is available"; its worker then fetches every file of the
// site), the search box's suggestion list. A page that draws its content from an API answer
// holds this back until it has (holdUntilDrawn), so that none of it competes with the first
// results for the network or a slow phone's CPU (benchmarks/RESULTS.md, "Web page paint time").
const holds = [];
const loaded = new Promise((resolve) => {
  if (document.readyState === 'complete') resolve();
  else window.addEventListener('load', () => resolve(), { once: true });
});

// Called while the page's module runs (before the load event); returns the function to call once
// the content is drawn, or has failed to be.
export function holdUntilDrawn() {
  let release;
  holds.push(new Promise((resolve) => {
    release = resolve;
  }));
  return release;
}

// Resolves once the page has loaded and every hold is released, or at the latest SETTLE_MAX_MS
// after the load event (an API answer that never comes does not keep the app from installing).
const SETTLE_MAX_MS = 10000;
export function pageSettled() {
  return loaded.then(() => Promise.race([
    Promise.all(holds), new Promise((resolve) => window.setTimeout(resolve, SETTLE_MAX_MS))]));
}

pageSettled().then(() => import('./app-shell.js')).catch(() => {});

// The keyboard gesture (as in GOV.UK's "Exit this page"): Shift pressed this many times, each
// press within this long of the one before; any other key starts the count again. Escape is not
// used: it is the key that closes lists and dialogs, and people press it while typing.
export const QUICK_EXIT_PRESSES = 3;
export const QUICK_EXIT_WINDOW_MS = 5000;

// Hides the page at once, forgets this tab's session storage, and replaces the current history
// entry with the neutral page (location.replace), so Back does not return to it. The site keeps
// few entries of its own (searches replace their entry), but earlier pages of this site that were
// visited in this tab stay in its history: the safety page (safety.html) says so.
export function quickExit() {
  try {
    document.documentElement.classList.add('leaving');
    document.title = t('common.leaving_title');
    document.body.replaceChildren(el('p', { class: 'leaving-note', text: t('common.leaving_note') }));
    sessionStorage.clear();
  } catch {
    // Nothing more to clear.
  }
  window.location.replace(QUICK_EXIT_URL);
}

function quickExitStatus() {
  let region = document.getElementById('quick-exit-status');
  if (!region) {
    region = el('div', { id: 'quick-exit-status', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    document.body.append(region);
  }
  return region;
}

function showPresses(count) {
  for (const dots of document.querySelectorAll('[data-quick-exit-dots]')) {
    dots.querySelectorAll('span').forEach((dot, i) => dot.classList.toggle('on', i < count));
    dots.closest('.quick-exit').classList.toggle('counting', count > 0);
  }
  const left = QUICK_EXIT_PRESSES - count;
  quickExitStatus().textContent = count === 0 ? '' : left > 0 ?
    tn('common.exit_presses', left) : t('common.exit_leaving');
}

function installQuickExit() {
  for (const link of document.querySelectorAll('[data-quick-exit]')) {
    link.addEventListener('click', (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      quickExit();
    });
  }
  let presses = 0;
  let timer = null;
  const reset = () => {
    window.clearTimeout(timer);
    if (presses) showPresses((presses = 0));
  };
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Shift') {
      reset();
      return;
    }
    if (event.repeat) return; // held down: one press
    window.clearTimeout(timer);
    presses++;
    showPresses(presses);
    if (presses >= QUICK_EXIT_PRESSES) {
      quickExit();
      return;
    }
    timer = window.setTimeout(reset, QUICK_EXIT_WINDOW_MS);
  }, true);
  // Came back to a page that was leaving (the browser's back-forward cache): show it again.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted && document.documentElement.classList.contains('leaving')) window.location.reload();
  });
}

// Same-page links (the skip links) move focus without adding a "#main" step to the history.
function installSkipLinks() {
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    const target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    event.preventDefault();
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
    target.scrollIntoView({ block: 'start' });
  });
}

// One polite live region per page; announcing the same text twice still speaks it.
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  window.setTimeout(() => {
    region.textContent = message;
  }, 60);
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

// "2024" -> "2024", "2024-08" -> "August 2024", "2024-08-03" -> "3 August 2024"; in the page's
// language ("3 de agosto de 2024") on a page that shows it (not the curator workspace, which
// stays in English: its <html lang> is not the page language).
export function formatDate(value) {
  if (!value) return '';
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  if (!mo) return y;
  const english = document.documentElement.lang !== lang || lang === 'en';
  const month = english ? MONTHS[Number(mo) - 1] || mo : t(`common.month_${Number(mo)}`);
  if (english) return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
  return d ? t('common.date_day', { d: Number(d), month, y }) : t('common.date_month', { month, y });
}

export function labelFor(map, id) {
  if (map && map.has(id)) return map.get(id);
  return String(id).replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function resourceUrl(id) {
  return 'resource.html?id=' + encodeURIComponent(id);
}

// Type badge and focus-area badges, with hidden words so a screen reader hears what they are.
export function badges(tax, resource, { maxAreas = 3 } = {}) {
  const list = el('p', { class: 'badges' });
  if (resource.type) {
    list.append(el('span', { class: 'badge badge-type' },
      el('span', { class: 'visually-hidden', text: t('common.badge_type') }), labelFor(tax && tax.type, resource.type)));
  }
  const areas = (resource.focus_areas || []).slice(0, maxAreas);
  if (areas.length) {
    list.append(el('span', { class: 'visually-hidden', text: areas.length > 1 ? t('common.badge_areas') : t('common.badge_area') }));
    for (const a of areas) list.append(el('span', { class: 'badge badge-area', text: labelFor(tax && tax.focus_area, a) }));
  }
  const evidence = evidenceBadge(tax, resource.evidence);
  if (evidence) list.append(evidence);
  return list;
}

// A mark per rating, beside its words (never colour alone; hidden from screen readers, which read
// the words).
const RATING_MARKS = { effective: '✓', promising: '↗', mixed: '±', insufficient: '?', 'no-effect': '–', harmful: '✗' };

// The strongest of a resource's ratings (the taxonomy lists them strongest first), or -1.
export function strongestRating(tax, evidence) {
  const ratings = (evidence && evidence.ratings) || [];
  const order = (tax && tax.ratingOrder) || [];
  let best = -1;
  for (let i = 0; i < ratings.length; i += 1) {
    const rank = order.indexOf(ratings[i].rating);
    if (best < 0 || (rank >= 0 && rank < order.indexOf(ratings[best].rating))) best = i;
  }
  return best;
}

export function ratingLabel(tax, id) {
  const entry = tax && tax.rating && tax.rating.get(id);
  return entry ? entry.label : labelFor(null, id);
}

// "Evidence: Promising (sample rating)": the strongest rating, with its mark and words.
export function evidenceBadge(tax, evidence) {
  const best = strongestRating(tax, evidence);
  if (best < 0) return null;
  const rating = evidence.ratings[best].rating;
  return el('span', { class: `badge badge-evidence rating-${rating}` },
    el('span', { class: 'rating-mark', 'aria-hidden': 'true', text: RATING_MARKS[rating] || '•' }),
    el('span', { class: 'visually-hidden', text: t('common.badge_evidence') }),
    ratingLabel(tax, rating) + (evidence.sample_data ? ' ' + t('common.sample_rating') : ''));
}

// The compare API and page take 2 to 4 programs (GET /api/v1/compare).
export const MIN_COMPARED = 2;
export const MAX_COMPARED = 4;

export function compareUrl(ids) {
  return 'compare.html?ids=' + ids.map(encodeURIComponent).join(',');
}

// True for a resource with at least one evidence rating: those are the ones worth comparing.
export function isRated(resource) {
  return Boolean(resource && resource.evidence && resource.evidence.ratings && resource.evidence.ratings.length);
}

// The "Compare" checkbox's elements, inert (disabled) until js/compare-pick.js's wireCompare
// makes them work: the pages draw it with their first results and load that module only then,
// and since the shape is the same before and after, nothing moves when it arrives.
export function compareShape(describedBy) {
  const box = el('input', { type: 'checkbox', class: 'compare-box', 'aria-describedby': describedBy, disabled: true });
  const next = el('span', { class: 'compare-next' });
  return { root: el('span', { class: 'compare-pick' }, el('label', {}, box, ' ' + t('compare.pick')), next), box, next };
}

// The "Compare" checkbox for a rated `resource`, drawn at once and made to work when
// js/compare-pick.js has loaded (imported here the first time a page draws one).
let comparePick = null;
export function compareCheckbox(resource, describedBy) {
  const shape = compareShape(describedBy);
  if (!comparePick) comparePick = import('./compare-pick.js');
  comparePick.then((m) => m.wireCompare(resource, shape), () => {});
  return shape.root;
}

function updateToolkitCount() {
  const n = toolkitStore.count();
  for (const node of document.querySelectorAll('[data-toolkit-count]')) {
    if (n) node.replaceChildren(String(n), el('span', { class: 'visually-hidden', text: ' ' + tn('common.count_resources', n) }));
    else node.replaceChildren();
  }
}

// Every public page is written in English and carries data-i18n keys (js/i18n.js): its strings,
// header, footer and language switch follow the language chosen on any page. The curator
// workspace has no keys and stays in English.
if (document.querySelector('[data-i18n], [data-i18n-rich], [data-language-switch]')) applyStrings();
installQuickExit();
installSkipLinks();
updateToolkitCount();
toolkitStore.subscribe(updateToolkitCount);
