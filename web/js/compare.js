// The compare page: compare.html?ids=a,b,c shows 2 to 4 programs side by side (GET
// /api/v1/compare): what they work on, who they are for, each outcome's rating with the evidence
// behind it, what the evidence covers (EMMIE) and whether it looked at cost. A table with a caption,
// column headers (the programs, linked to their pages) and row headers; on a phone it scrolls
// sideways inside its own region, the row headers staying in view.

import { api, taxonomy } from './api.js';
import {
  MAX_COMPARED, MIN_COMPARED, announce, compareUrl, el, evidenceBadge, formatDate, holdUntilDrawn, labelFor, resourceUrl,
} from './common.js';
import { t, tn } from './i18n.js';

const $ = (id) => document.getElementById(id);
const status = $('compare-status');
status.textContent = t('compare.loading');

// The ids in the address, in order, each once.
export function idsOf(search) {
  const raw = new URLSearchParams(search).get('ids') || '';
  return [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
}

function findLink() {
  return el('a', { href: './?sort=evidence', text: t('compare.find_rated') });
}

function showProblem(title, ...parts) {
  document.title = `${title} – ${t('common.brand')}`;
  status.className = 'notice error';
  status.replaceChildren(el('h2', { text: title }), ...parts.map((p) => el('p', {}, p)));
  status.hidden = false;
  $('compare').hidden = true;
  announce(title);
}

function list(items) {
  if (!items.length) return el('span', { class: 'muted', text: t('compare.not_stated') });
  return el('ul', { class: 'compare-list' }, items.map((x) => el('li', { text: x })));
}

// One cell per program for the outcome `outcome`: its rating (badge: mark and words, "(sample
// rating)" when fictional) and the evidence base, or that it was not rated for it.
function outcomeCell(tax, r, outcome) {
  const ratings = ((r.evidence && r.evidence.ratings) || []).filter((x) => x.outcome === outcome);
  if (!ratings.length) return el('td', {}, el('span', { class: 'muted', text: t('compare.not_rated_for') }));
  return el('td', {}, ratings.map((x) => el('p', { class: 'compare-rating' },
    evidenceBadge(tax, { ratings: [x], sample_data: r.evidence.sample_data }),
    el('br'),
    el('span', { class: 'muted', text: t('compare.based_on', { base: labelFor(tax.evidence_base, x.evidence_base) }) }))));
}

function costCell(r) {
  if (!r.evidence) return el('td', {}, el('span', { class: 'muted', text: t('compare.no_rating') }));
  return el('td', { text: r.cost_covered ? t('compare.cost_yes') : t('compare.cost_no') });
}

function row(header, cells) {
  return el('tr', {}, el('th', { scope: 'row', text: header }), cells);
}

function render(data, tax) {
  const rs = data.resources;
  document.title = `${t('compare.compare_n', { n: rs.length })} – ${t('common.brand')}`;
  $('compare-sample').hidden = !rs.some((r) => r.evidence && r.evidence.sample_data);
  const ids = rs.map((r) => r.id);
  const head = el('tr', {}, el('td', { class: 'compare-corner' }), rs.map((r) => el('th', { scope: 'col' },
    el('a', { href: resourceUrl(r.id), lang: r.language, text: r.title }),
    rs.length > MIN_COMPARED ? el('p', { class: 'compare-remove no-print' },
      el('a', { href: compareUrl(ids.filter((x) => x !== r.id)), 'aria-label': t('compare.remove_label', { title: r.title }), text: t('compare.remove') })) : null)));
  const rows = [
    row(t('compare.row_type'), rs.map((r) => el('td', { text: r.type ? labelFor(tax.type, r.type) : t('compare.not_stated') }))),
    row(t('compare.row_focus'), rs.map((r) => el('td', {}, list(r.focus_areas.map((v) => labelFor(tax.focus_area, v)))))),
    row(t('compare.row_audience'), rs.map((r) => el('td', {}, list(r.audience.map((v) => labelFor(tax.audience, v)))))),
    ...data.outcomes.map((o) => row(t('compare.row_outcome', { outcome: labelFor(tax.outcome, o) }), rs.map((r) => outcomeCell(tax, r, o)))),
    row(t('compare.row_emmie'), rs.map((r) => el('td', {}, r.evidence
      ? list(((r.evidence && r.evidence.emmie) || []).map((v) => labelFor(tax.emmie, v)))
      : el('span', { class: 'muted', text: t('compare.no_rating') })))),
    row(t('compare.row_cost'), rs.map(costCell)),
    row(t('compare.row_from'), rs.map((r) => el('td', {},
      ...(r.source || r.published ? [r.source ? el('span', { lang: r.language, text: r.source }) : null,
        r.source && r.published ? ', ' : null, formatDate(r.published) || null] : [t('compare.not_stated')])))),
  ];
  $('compare-table').replaceChildren(
    el('caption', { id: 'compare-caption', text: t('compare.comparing', { n: rs.length }) }),
    el('thead', {}, head),
    el('tbody', {}, rows));
  $('compare-meanings').replaceChildren(...[...tax.rating.values()].flatMap((m) => [
    el('dt', {}, evidenceBadge(tax, { ratings: [{ rating: m.id }] })), el('dd', { text: m.description || '' })]));
  status.hidden = true;
  $('compare').hidden = false;
  announce(t('compare.comparing', { n: rs.length }) + '.');
}

// An id that names nothing: say which, and offer the others when enough are left.
async function showMissing(ids) {
  let missing = [];
  try {
    missing = (await api.resources(ids)).missing || [];
  } catch {
    // Named generally below.
  }
  const left = ids.filter((id) => !missing.includes(id));
  const named = missing.length ? missing.map((m) => `“${m}”`).join(', ') : t('compare.one_of_them');
  showProblem(missing.length > 1 ? t('compare.missing_some') : t('compare.missing_one'),
    t(missing.length > 1 ? 'compare.missing_some_text' : 'compare.missing_one_text', { named }),
    left.length >= MIN_COMPARED ? el('a', { href: compareUrl(left), text: t('compare.compare_other', { n: left.length }) }) : findLink());
}

async function main() {
  const ids = idsOf(window.location.search);
  if (ids.length < MIN_COMPARED) {
    showProblem(t('compare.too_few'),
      (ids.length ? t('compare.only_one') + ' ' : '') + t('compare.how_to', { max: MAX_COMPARED }),
      findLink());
    return;
  }
  if (ids.length > MAX_COMPARED) {
    showProblem(t('compare.too_many', { max: MAX_COMPARED }),
      t('compare.link_names', { n: ids.length }),
      el('a', { href: compareUrl(ids.slice(0, MAX_COMPARED)), text: t('compare.compare_first', { n: MAX_COMPARED }) }));
    return;
  }
  try {
    const [data, tax] = await Promise.all([api.compare(ids), taxonomy()]);
    render(data, tax);
  } catch (err) {
    if (err.status === 404) {
      await showMissing(ids);
    } else {
      showProblem(t('compare.load_failed'),
        err.status === 0 ? err.message : t('compare.server_said', { message: err.message }),
        el('button', { type: 'button', class: 'btn btn-small', text: t('compare.try_again'), onclick: () => window.location.reload() }));
    }
  }
}

// The installable app loads once the comparison is drawn (common.js).
main().finally(holdUntilDrawn());
