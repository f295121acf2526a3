// i18n.js: the page's language and its strings. No build step: one catalogue per language,
// web/i18n/LANG.js, a plain module exporting { key: 'text' }.
//
//   import { t, applyStrings } from './i18n.js';
//   t('search.results_for', { q: 'NIBIN' })   // "Results for “NIBIN”" / "Resultados de “NIBIN”"
//   <h1 data-i18n="search.heading">Find resources…</h1>        applyStrings() sets its text
//   <input data-i18n-attr="placeholder:search.placeholder">     and attributes
//
// The language: `lang=` in the page's address, else the one chosen before (localStorage), else
// the browser's first language we have, else English. The switch in the header is a link to the
// same address with the other `lang=`, so it works without JavaScript state and can be shared.
// A key missing from a catalogue falls back to English, then to the key itself. web/README.md
// says how a page adds strings.
//
// Only the page's language is loaded: English (also the fallback) with this module, another
// language's catalogue with import() below, before any module that imports this one runs (a
// top-level await). An English page never downloads the Spanish strings; switching is a new page
// that loads its own. Pages load this module with a <script type="module" async> of their own as
// well, so that it runs, and asks for another catalogue, as soon as it and en.js have arrived
// rather than after the page's whole module graph; the search and resource pages' head scripts
// even preload that catalogue (benchmarks/RESULTS.md, "Web page paint time on a slow phone"). The
// service worker keeps every catalogue (sw.js, FILES) for offline use in any language.
import en from '../i18n/en.js';

// The catalogues other than English: each one loaded on demand.
const LOADERS = { es: () => import('../i18n/es.js') };
const CODES = ['en', ...Object.keys(LOADERS)];
// In each language's own name, for the switch.
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
];
const STORAGE_KEY = 'ch-lang';

function chooseLanguage() {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl && CODES.includes(fromUrl)) {
    try { window.localStorage.setItem(STORAGE_KEY, fromUrl); } catch { /* private mode */ }
    return fromUrl;
  }
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored && CODES.includes(stored)) return stored;
  } catch { /* private mode */ }
  return browserLanguage;
}

// The browser's first language we have (else English): the language the API picks from the
// Accept-Language header the browser sends, when a request names no `lang=`.
function chooseBrowserLanguage() {
  for (const tag of navigator.languages || [navigator.language || 'en']) {
    const code = String(tag).toLowerCase().split('-')[0];
    if (CODES.includes(code)) return code;
  }
  return 'en';
}

export const browserLanguage = chooseBrowserLanguage();
export const lang = chooseLanguage();

// The page's catalogue; English when it cannot be loaded (offline before the worker kept it).
const catalogue = lang === 'en' ? en : await LOADERS[lang]().then((m) => m.default, () => en);

// The `lang=` an API request must carry for answers in the page's language (labels, messages): none
// when the browser's Accept-Language already gives it (so the URL stays the one the page's inline
// script asked for early), else the page's language.
export function apiLang() {
  return lang === browserLanguage ? null : lang;
}

// The string for `key` in the page's language, with {name} placeholders filled from `vars`.
export function t(key, vars = {}) {
  const text = catalogue[key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

// The text of `key` with its {name} placeholders replaced by `parts[name]`, which may be DOM nodes
// (a link inside a sentence): an array of strings and nodes for element.append / el(...). Each
// language puts the link where its grammar wants it.
export function tParts(key, parts = {}) {
  const text = catalogue[key] ?? en[key] ?? key;
  return text.split(/(\{\w+\})/).filter(Boolean).map((piece) => {
    const name = /^\{(\w+)\}$/.exec(piece);
    return name && name[1] in parts ? parts[name[1]] : piece;
  });
}

// "1 result" / "3 results": the catalogue holds KEY.one and KEY.other.
export function tn(key, count, vars = {}) {
  return t(`${key}.${count === 1 ? 'one' : 'other'}`, { n: count, ...vars });
}

// The address of this page in another language.
export function urlInLanguage(code) {
  const url = new URL(window.location.href);
  url.searchParams.set('lang', code);
  return url.pathname + url.search + url.hash;
}

// Fills `node` with `text`, where **words** become <strong> and [[key]] becomes <kbd>: the prose
// of the static pages keeps its emphasis and key names. Built as DOM nodes, never as HTML.
function setRichText(node, text) {
  const parts = text.split(/(\*\*[^*]+\*\*|\[\[[^\]]+\]\])/);
  node.replaceChildren(...parts.filter(Boolean).map((part) => {
    const bold = /^\*\*(.+)\*\*$/.exec(part);
    const key = /^\[\[(.+)\]\]$/.exec(part);
    if (!bold && !key) return document.createTextNode(part);
    const el = document.createElement(bold ? 'strong' : 'kbd');
    el.textContent = (bold || key)[1];
    return el;
  }));
}

// Sets <html lang>, every [data-i18n] element's text ([data-i18n-rich]: with **strong** and
// [[kbd]]), every [data-i18n-attr] attribute ("attr:key;attr:key") and the language switch
// ([data-language-switch]).
export function applyStrings(root = document) {
  document.documentElement.lang = lang;
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-rich]')) setRichText(node, t(node.dataset.i18nRich));
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) node.setAttribute(attr.trim(), t(key.trim()));
    }
  }
  for (const link of root.querySelectorAll('[data-language-switch]')) {
    const other = LANGUAGES.find((l) => l.code !== lang);
    link.href = urlInLanguage(other.code);
    link.lang = other.code;
    link.hreflang = other.code;
    link.textContent = other.name;
  }
}
