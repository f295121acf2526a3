// Shared by every page: the quick exit, the live region, the toolkit count in the header, and small
// DOM helpers. Nothing here uses innerHTML with API text.

import { toolkitStore } from './toolkit-store.js';

// Where "Leave this site quickly" goes: a neutral, well-known page. location.replace keeps this
// site out of the back button's way for the current tab.
export const QUICK_EXIT_URL = 'https://www.google.com/';

export function quickExit() {
  try {
    document.title = 'Google';
    document.body.replaceChildren();
    document.body.style.background = '#fff';
    sessionStorage.clear();
  } catch {
    // Nothing more to clear.
  }
  window.location.replace(QUICK_EXIT_URL);
}

function installQuickExit() {
  for (const button of document.querySelectorAll('[data-quick-exit]')) {
    button.addEventListener('click', (event) => {
      event.preventDefault();
      quickExit();
    });
  }
  // Escape leaves the site, unless a widget used the key first (closing the suggestion list, for
  // example, calls preventDefault) or a modifier is held.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    quickExit();
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

// "2024" -> "2024", "2024-08" -> "August 2024", "2024-08-03" -> "3 August 2024".
export function formatDate(value) {
  if (!value) return '';
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  if (!mo) return y;
  const month = MONTHS[Number(mo) - 1] || mo;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
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
      el('span', { class: 'visually-hidden', text: 'Type: ' }), labelFor(tax && tax.type, resource.type)));
  }
  const areas = (resource.focus_areas || []).slice(0, maxAreas);
  if (areas.length) {
    list.append(el('span', { class: 'visually-hidden', text: areas.length > 1 ? 'Focus areas: ' : 'Focus area: ' }));
    for (const a of areas) list.append(el('span', { class: 'badge badge-area', text: labelFor(tax && tax.focus_area, a) }));
  }
  return list;
}

function updateToolkitCount() {
  const n = toolkitStore.count();
  for (const node of document.querySelectorAll('[data-toolkit-count]')) {
    if (n) node.replaceChildren(String(n), el('span', { class: 'visually-hidden', text: n === 1 ? ' resource' : ' resources' }));
    else node.replaceChildren();
  }
}

installQuickExit();
updateToolkitCount();
toolkitStore.subscribe(updateToolkitCount);
