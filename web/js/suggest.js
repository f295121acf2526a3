// "Suggest a resource": the public form. It asks the server for a form token when it opens (the
// server refuses a form sent within a few seconds, which people never do and scripts always do)
// and shows the private status link when the suggestion is stored.

import { announce } from './common.js';
import { lang, t } from './i18n.js';

const $ = (id) => document.getElementById(id);
const BASE = new URL('api/v1/', document.baseURI).pathname;
const FIELDS = ['title', 'url', 'why', 'email'];
let token = null;

async function newToken() {
  try {
    const res = await fetch(BASE + 'suggestions/form', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    token = (await res.json()).form_token;
  } catch {
    token = null;
  }
}

function clearErrors() {
  for (const f of FIELDS) {
    $('err-' + f).textContent = '';
    $('s-' + f).removeAttribute('aria-invalid');
  }
}

function fieldError(field, message) {
  $('err-' + field).textContent = message;
  $('s-' + field).setAttribute('aria-invalid', 'true');
  $('s-' + field).focus();
}

async function send(event) {
  event.preventDefault();
  clearErrors();
  const body = { website: $('s-website').value, form_token: token || '' };
  for (const f of FIELDS) body[f] = $('s-' + f).value.trim();
  if (!body.title) return fieldError('title', t('suggest.err_title'));
  if (!/^https?:\/\/\S+$/i.test(body.url)) return fieldError('url', t('suggest.err_url'));
  $('s-send').disabled = true;
  $('s-status').textContent = t('suggest.sending');
  try {
    const res = await fetch(BASE + 'suggestions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': lang },
      body: JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({}));
    if (res.status === 201) {
      $('suggest-form').hidden = true;
      $('s-link').href = data.status_url.replace(/^\//, '');
      $('s-link').textContent = new URL(data.status_url.replace(/^\//, ''), document.baseURI).href;
      $('s-done').hidden = false;
      $('s-done').focus();
      announce(t('suggest.sent'));
      return;
    }
    const e = data.error || {};
    if (e.param === 'form_token') {
      await newToken();
      $('s-status').textContent = /at least/.test(e.message || '')
        ? t('suggest.too_quick')
        : t('suggest.expired');
    } else if (FIELDS.includes(e.param)) {
      $('s-status').textContent = '';
      fieldError(e.param, e.message);
    } else if (res.status === 429) {
      $('s-status').textContent = t('suggest.too_many');
    } else {
      $('s-status').textContent = e.message || t('suggest.failed');
    }
  } catch {
    $('s-status').textContent = t('common.offline_error');
  } finally {
    $('s-send').disabled = false;
  }
}

$('suggest-form').addEventListener('submit', send);
newToken();
