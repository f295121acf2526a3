// The curator workspace (/curate): sign in with a curator key, find resources, edit them in a
// form, review suggestions from the public and read the audit log. Views are chosen by the
// URL's fragment: #list, #new, #edit=ID, #suggestions, #audit.

import { curator, currentKey, signIn, signOut } from './curate-api.js';
import { buildForm, installEditor, openExisting, openNew } from './curate-editor.js';
import { installReview, showAudit, showSuggestions } from './curate-review.js';
import { announce, el } from './common.js';

const $ = (id) => document.getElementById(id);
const VIEWS = ['signin', 'list', 'edit', 'suggestions', 'audit'];
let me = null;
let taxonomy = null;
let recentMine = true;
let searches = 0;  // the latest list search: an older answer arriving late is dropped
let recents = 0;
let pending = null;  // a prefilled new resource (an accepted suggestion) for the #new view

function show(view) {
  for (const v of VIEWS) $('view-' + v).hidden = v !== view;
  $('workspace-nav').hidden = view === 'signin';
  for (const a of document.querySelectorAll('[data-view-link]')) {
    if (a.dataset.viewLink === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function fail(err) {
  if (err && (err.status === 401 || err.status === 403)) {
    signOut();
    me = null;
    $('signin-error').textContent = err.message;
    show('signin');
    return;
  }
  $('workspace-status').hidden = false;
  $('workspace-status').textContent = err ? err.message : 'Something went wrong.';
}

async function route() {
  if (!me) return show('signin');
  $('workspace-status').hidden = true;
  const hash = decodeURIComponent(location.hash.slice(1));
  try {
    if (hash.startsWith('edit=')) {
      show('edit');
      await openExisting(hash.slice(5));
    } else if (hash === 'new') {
      show('edit');
      const p = pending;
      pending = null;
      openNew(p ? p.prefill : {}, p ? p.onSaved : null);
    } else if (hash === 'suggestions') {
      show('suggestions');
      await showSuggestions();
    } else if (hash === 'audit' || hash.startsWith('audit=')) {
      show('audit');
      await showAudit(hash.startsWith('audit=') ? hash.slice(6) : '');
    } else {
      show('list');
      await Promise.all([search(), recent()]);
    }
    const heading = document.querySelector(`#view-${VIEWS.find((v) => !$('view-' + v).hidden)} h1`);
    if (heading) document.title = `${heading.textContent} – Curator workspace`;
  } catch (err) {
    fail(err);
  }
}

function resultItem(r) {
  return el('li', { class: 'card curate-item' },
    el('a', { href: '#edit=' + encodeURIComponent(r.id), text: r.title }),
    el('span', { class: 'hint', text: ` ${r.id}` }));
}

async function search(event) {
  if (event) event.preventDefault();
  const params = new URLSearchParams({ per_page: '20', autocorrect: 'false' });
  const q = $('list-q').value.trim();
  if (q) params.set('q', q);
  else params.set('sort', 'newest');
  if ($('list-type').value) params.set('type', $('list-type').value);
  if ($('list-area').value) params.set('focus_area', $('list-area').value);
  const mine = ++searches;
  const { data } = await curator.search(params);
  if (mine !== searches) return;  // a later search (or view) has taken over
  $('list-count').textContent = `${data.total} resource${data.total === 1 ? '' : 's'}${q ? ` for “${q}”` : ''}${data.total > 20 ? ', showing 20' : ''}.`;
  $('list-results').replaceChildren(...data.results.map(resultItem));
}

async function recent() {
  const params = { per_page: '15' };
  if (recentMine) params.key = me;
  const mine = ++recents;
  const { data } = await curator.audit(params);
  if (mine !== recents) return;
  $('recent-mine').setAttribute('aria-pressed', String(recentMine));
  $('recent-all').setAttribute('aria-pressed', String(!recentMine));
  const items = data.entries.filter((e) => e.result === 'ok').map((e) => el('li', {},
    e.action === 'delete' || e.action.startsWith('suggestion') ? el('span', { text: e.id }) : el('a', { href: '#edit=' + encodeURIComponent(e.id), text: e.id }),
    el('span', { class: 'hint', text: ` ${e.action.replace('_', ' ')} by ${e.key}, ${e.time.replace('T', ' ').replace('Z', ' UTC')}` })));
  $('recent-list').replaceChildren(...(items.length ? items : [el('li', { class: 'hint', text: 'No changes yet.' })]));
}

async function trySignIn(event) {
  event.preventDefault();
  const secret = $('signin-key').value.trim();
  $('signin-error').textContent = '';
  if (!secret) {
    $('signin-error').textContent = 'Enter your curator key.';
    return;
  }
  signIn(secret);
  try {
    await start();
    $('signin-key').value = '';
    announce(`Signed in as ${me}.`);
  } catch (err) {
    signOut();
    $('signin-error').textContent = err.status === 401 ? 'This key is not known or was revoked. Check it and try again.' : err.message;
    $('signin-key').focus();
  }
}

async function start() {
  const { data } = await curator.session();
  me = data.key;
  $('signed-in-as').textContent = `(${me})`;
  if (!taxonomy) {
    try {
      taxonomy = (await curator.taxonomy()).data;
    } catch {
      taxonomy = null;
    }
    buildForm(taxonomy);
    for (const t of (taxonomy && taxonomy.types) || []) $('list-type').append(el('option', { value: t.id, text: t.label }));
    for (const t of (taxonomy && taxonomy.focus_areas) || []) $('list-area').append(el('option', { value: t.id, text: t.label }));
  }
  await route();
}

function install() {
  $('signin-form').addEventListener('submit', trySignIn);
  $('sign-out').addEventListener('click', () => {
    signOut();
    me = null;
    history.replaceState(null, '', '#list');
    show('signin');
    $('signin-key').focus();
    announce('Signed out. The key is no longer kept in this tab.');
  });
  $('list-form').addEventListener('submit', (e) => search(e).catch(fail));
  $('recent-mine').addEventListener('click', () => { recentMine = true; recent().catch(fail); });
  $('recent-all').addEventListener('click', () => { recentMine = false; recent().catch(fail); });
  window.addEventListener('hashchange', route);
  installEditor();
  installReview({
    openNew: (prefill, onSaved) => {
      pending = { prefill, onSaved };
      if (location.hash === '#new') route();
      else location.hash = '#new';
    },
    fail,
  });
  if (currentKey()) {
    start().catch((err) => fail(err));
  } else {
    show('signin');
  }
}

install();
