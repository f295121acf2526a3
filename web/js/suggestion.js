// The private status page of a suggestion: suggestion.html?id=ID#token=TOKEN. The token stays in
// the fragment (never sent as a referrer or in the server's logs of page requests); the page
// passes it to the API.

import { formatDate } from './common.js';
import { t } from './i18n.js';

const $ = (id) => document.getElementById(id);
const BASE = new URL('api/v1/', document.baseURI).pathname;
// The states the API names (docs/api.md), in the page's language.
const STATES = ['new', 'accepted', 'declined', 'published'];

async function load() {
  const id = new URLSearchParams(location.search).get('id') || '';
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  const status = $('st-status');
  if (!id || !token) {
    status.textContent = t('suggestion.incomplete');
    return;
  }
  try {
    const res = await fetch(`${BASE}suggestions/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`, {
      headers: { Accept: 'application/json' }, cache: 'no-store',
    });
    if (res.status === 404) {
      status.textContent = t('suggestion.not_found');
      return;
    }
    if (!res.ok) throw new Error();
    const s = await res.json();
    $('st-title').textContent = s.title;
    $('st-url').href = s.url;
    $('st-url').textContent = s.url;
    $('st-state').textContent = STATES.includes(s.status) ? t(`suggestion.state.${s.status}`) : s.status;
    $('st-reason').textContent = s.status === 'declined' && s.reason ? t('suggestion.reason', { reason: s.reason }) : '';
    $('st-resource').hidden = !s.resource_url;
    if (s.resource_url) $('st-resource-link').href = s.resource_url.replace(/^\//, '');
    $('st-dates').textContent = t('suggestion.dates', {
      sent: formatDate((s.created || '').slice(0, 10)), changed: formatDate((s.updated || '').slice(0, 10)),
    });
    status.hidden = true;
    $('st-card').hidden = false;
  } catch {
    status.textContent = t('suggestion.unreachable');
  }
}

load();
