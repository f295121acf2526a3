// The review queue of suggestions from the public, and the audit log with diffs between
// versions, in the curator workspace.

import { curator } from './curate-api.js';
import { renderDiff } from './curate-markdown.js';
import { announce, el } from './common.js';

const $ = (id) => document.getElementById(id);
let hooks = { openNew: () => {}, fail: () => {} };
let auditPage = 1;
let auditEntries = [];

function when(iso) {
  return iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '';
}

function declineForm(s, item) {
  const id = 'reason-' + s.id;
  const form = el('form', { class: 'stack decline-form', novalidate: true },
    el('div', { class: 'field' },
      el('label', { for: id, text: 'Why it is declined (the person who suggested it sees this)' }),
      el('textarea', { id, rows: 2, required: true, maxlength: 1000 })),
    el('div', { class: 'button-row' },
      el('button', { type: 'submit', class: 'btn btn-danger', text: 'Decline' }),
      el('p', { class: 'inline-status', role: 'status' })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const reason = form.querySelector('textarea').value.trim();
    const note = form.querySelector('[role=status]');
    if (!reason) {
      note.textContent = 'Write a reason first.';
      form.querySelector('textarea').setAttribute('aria-invalid', 'true');
      form.querySelector('textarea').focus();
      return;
    }
    try {
      await curator.decide(s.id, { status: 'declined', reason }, s.version);
      announce('Suggestion declined.');
      await showSuggestions();
    } catch (err) {
      note.textContent = err.status === 412 ? 'Another curator decided first; the list is reloaded.' : err.message;
      if (err.status === 412) await showSuggestions();
    }
  });
  item.append(form);
  form.querySelector('textarea').focus();
}

async function accept(s) {
  const accepted = s.status === 'accepted' ? { data: s, etag: String(s.version) } : await curator.decide(s.id, { status: 'accepted' }, s.version);
  // The editor opens prefilled; saving the resource marks the suggestion as published.
  hooks.openNew({
    values: { title: s.title, url: s.url, summary: s.why.split('\n')[0].slice(0, 2000) },
    body: s.why ? `${s.why}\n` : '',
  }, async (resourceId) => {
    await curator.decide(s.id, { status: 'published', resource_id: resourceId }, accepted.etag || accepted.data.version);
    document.getElementById('save-status').textContent += ' The suggestion is marked as published; its sender can see it.';
  });
}

function suggestionItem(s) {
  const item = el('li', { class: 'card curate-item stack' },
    el('h2', { class: 'item-title', text: s.title }),
    el('p', {}, el('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank', text: s.url }), el('span', { class: 'new-tab', text: ' (opens in a new tab)' })),
    s.why ? el('p', { class: 'description', text: s.why }) : null,
    el('p', { class: 'hint', text: `Sent ${when(s.created)}${s.email ? ` by ${s.email}` : ''}. Status: ${s.status}${s.decided_by ? ` (${s.decided_by})` : ''}.${s.reason ? ` Reason: ${s.reason}` : ''}` }),
    s.resource_id ? el('p', {}, 'Became ', el('a', { href: 'resource.html?id=' + encodeURIComponent(s.resource_id), text: s.resource_id })) : null);
  if (s.status === 'new' || s.status === 'accepted') {
    const actions = el('div', { class: 'button-row' },
      el('button', { type: 'button', class: 'btn', text: s.status === 'new' ? `Accept “${s.title}” and write it` : `Write “${s.title}”` }),
      el('button', { type: 'button', class: 'btn btn-secondary', text: 'Decline…' }));
    const [yes, no] = actions.querySelectorAll('button');
    yes.addEventListener('click', () => accept(s).catch(hooks.fail));
    no.addEventListener('click', () => {
      no.disabled = true;
      declineForm(s, item);
    });
    item.append(actions);
  }
  return item;
}

export async function showSuggestions() {
  const status = $('suggestions-status').value;
  const { data } = await curator.suggestions(status ? { status } : {});
  $('suggestions-count').textContent = `${data.total} suggestion${data.total === 1 ? '' : 's'}.`;
  $('suggestions-list').replaceChildren(...data.suggestions.map(suggestionItem));
}

// The text of a version, or a sentence saying why there is none.
async function versionText(hash) {
  if (!hash) return '';
  try {
    return (await curator.version(hash)).text;
  } catch (err) {
    return err.status === 404 ? `(version ${hash.slice(0, 12)} is not kept)` : `(${err.message})`;
  }
}

async function showChanges(entry, index) {
  let before = entry.previous_hash || '';
  if (!before && (entry.action === 'update' || entry.action === 'delete')) {
    const older = auditEntries.slice(index + 1).find((e) => e.id === entry.id && e.result === 'ok' && e.content_hash);
    before = older ? older.content_hash : '';
  }
  const [a, b] = await Promise.all([versionText(before), entry.action === 'delete' ? '' : versionText(entry.content_hash)]);
  $('audit-diff-heading').textContent = `Changes to ${entry.id}: ${entry.action} by ${entry.key}, ${when(entry.time)}`;
  if (entry.action === 'delete' && !before) $('audit-diff').textContent = `The deleted version is not among the entries shown: show the entries of ${entry.id} to find it.`;
  else renderDiff($('audit-diff'), a, b);
  $('audit-diff-box').hidden = false;
  $('audit-diff').focus();
}

function auditRow(e, index) {
  const canDiff = e.result === 'ok' && ['create', 'update', 'delete'].includes(e.action);
  const button = canDiff ? el('button', { type: 'button', class: 'btn btn-small btn-secondary', text: 'Show changes', 'aria-label': `Show changes: ${e.action} of ${e.id}, ${when(e.time)}` }) : null;
  if (button) button.addEventListener('click', () => showChanges(e, index).catch(hooks.fail));
  return el('tr', {},
    el('td', { text: when(e.time) }), el('td', { text: e.key }), el('td', { text: e.action.replace('_', ' ') }),
    el('td', {}, !e.id ? el('span', { class: 'hint', text: '(none: refused before it had an id)' })
      : e.action.startsWith('suggestion') || e.action === 'delete' ? e.id : el('a', { href: '#edit=' + encodeURIComponent(e.id), text: e.id })),
    el('td', { text: e.result }), el('td', {}, button || ''));
}

async function loadAudit(more) {
  auditPage = more ? auditPage + 1 : 1;
  const params = { page: String(auditPage), per_page: '50' };
  if ($('audit-id').value.trim()) params.id = $('audit-id').value.trim();
  if ($('audit-key').value.trim()) params.key = $('audit-key').value.trim();
  const { data } = await curator.audit(params);
  auditEntries = more ? auditEntries.concat(data.entries) : data.entries;
  $('audit-rows').replaceChildren(...auditEntries.map(auditRow));
  $('audit-more').hidden = auditEntries.length >= data.total;
  if (!more) $('audit-diff-box').hidden = true;
}

export async function showAudit(id) {
  if (id) $('audit-id').value = id;
  await loadAudit(false);
}

export function installReview(h) {
  hooks = h;
  $('suggestions-status').addEventListener('change', () => showSuggestions().catch(hooks.fail));
  $('audit-form').addEventListener('submit', (e) => {
    e.preventDefault();
    loadAudit(false).catch(hooks.fail);
  });
  $('audit-more').addEventListener('click', () => loadAudit(true).catch(hooks.fail));
}
