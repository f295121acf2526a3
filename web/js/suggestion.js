// The private status page of a suggestion: suggestion.html?id=ID#token=TOKEN. The token stays in
// the fragment (never sent as a referrer or in the server's logs of page requests); the page
// passes it to the API.

import { formatDate } from './common.js';

const $ = (id) => document.getElementById(id);
const BASE = new URL('api/v1/', document.baseURI).pathname;
const STATES = {
  new: 'Waiting for a curator to look at it.',
  accepted: 'A curator is adding it to the library.',
  declined: 'A curator decided not to add it.',
  published: 'It is in the library now. Thank you!',
};

async function load() {
  const id = new URLSearchParams(location.search).get('id') || '';
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  const status = $('st-status');
  if (!id || !token) {
    status.textContent = 'This link is not complete. Open the whole link you were given when you sent the suggestion.';
    return;
  }
  try {
    const res = await fetch(`${BASE}suggestions/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`, {
      headers: { Accept: 'application/json' }, cache: 'no-store',
    });
    if (res.status === 404) {
      status.textContent = 'No suggestion matches this link. Check that you copied the whole link.';
      return;
    }
    if (!res.ok) throw new Error();
    const s = await res.json();
    $('st-title').textContent = s.title;
    $('st-url').href = s.url;
    $('st-url').textContent = s.url;
    $('st-state').textContent = STATES[s.status] || s.status;
    $('st-reason').textContent = s.status === 'declined' && s.reason ? `The curator's reason: ${s.reason}` : '';
    $('st-resource').hidden = !s.resource_url;
    if (s.resource_url) $('st-resource-link').href = s.resource_url.replace(/^\//, '');
    $('st-dates').textContent = `Sent ${formatDate((s.created || '').slice(0, 10))}. Last change ${formatDate((s.updated || '').slice(0, 10))}.`;
    status.hidden = true;
    $('st-card').hidden = false;
  } catch {
    status.textContent = 'The clearinghouse could not be reached. Please try again later.';
  }
}

load();
