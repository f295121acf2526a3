// The compare page: compare.html?ids=a,b,c shows 2 to 4 programs side by side (GET
// /api/v1/compare): what they work on, who they are for, each outcome's rating with the evidence
// behind it, what the evidence covers (EMMIE) and whether it looked at cost. A table with a caption,
// column headers (the programs, linked to their pages) and row headers; on a phone it scrolls
// sideways inside its own region, the row headers staying in view.

import { api, taxonomy } from './api.js';
import { announce, el, evidenceBadge, formatDate, labelFor, resourceUrl } from './common.js';
import { MAX_COMPARED, MIN_COMPARED, compareUrl } from './compare-pick.js';

const $ = (id) => document.getElementById(id);
const status = $('compare-status');

// The ids in the address, in order, each once.
export function idsOf(search) {
  const raw = new URLSearchParams(search).get('ids') || '';
  return [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
}

function findLink() {
  return el('a', { href: './?sort=evidence', text: 'Find rated programs, strongest evidence first' });
}

function showProblem(title, ...parts) {
  document.title = `${title} – Public Safety Clearinghouse`;
  status.className = 'notice error';
  status.replaceChildren(el('h2', { text: title }), ...parts.map((p) => el('p', {}, p)));
  status.hidden = false;
  $('compare').hidden = true;
  announce(title);
}

function list(items) {
  if (!items.length) return el('span', { class: 'muted', text: 'Not stated' });
  return el('ul', { class: 'compare-list' }, items.map((x) => el('li', { text: x })));
}

// One cell per program for the outcome `outcome`: its rating (badge: mark and words, "(sample
// rating)" when fictional) and the evidence base, or that it was not rated for it.
function outcomeCell(tax, r, outcome) {
  const ratings = ((r.evidence && r.evidence.ratings) || []).filter((x) => x.outcome === outcome);
  if (!ratings.length) return el('td', {}, el('span', { class: 'muted', text: 'Not rated for this' }));
  return el('td', {}, ratings.map((x) => el('p', { class: 'compare-rating' },
    evidenceBadge(tax, { ratings: [x], sample_data: r.evidence.sample_data }),
    el('br'),
    el('span', { class: 'muted', text: `Based on: ${labelFor(tax.evidence_base, x.evidence_base)}` }))));
}

function costCell(r) {
  if (!r.evidence) return el('td', {}, el('span', { class: 'muted', text: 'No rating' }));
  return el('td', { text: r.cost_covered ? 'Yes: the evidence looked at what it costs' : 'No: the evidence did not look at cost' });
}

function row(header, cells) {
  return el('tr', {}, el('th', { scope: 'row', text: header }), cells);
}

function render(data, tax) {
  const rs = data.resources;
  document.title = `Compare ${rs.length} programs – Public Safety Clearinghouse`;
  $('compare-sample').hidden = !rs.some((r) => r.evidence && r.evidence.sample_data);
  const ids = rs.map((r) => r.id);
  const head = el('tr', {}, el('td', { class: 'compare-corner' }), rs.map((r) => el('th', { scope: 'col' },
    el('a', { href: resourceUrl(r.id), text: r.title }),
    rs.length > MIN_COMPARED ? el('p', { class: 'compare-remove no-print' },
      el('a', { href: compareUrl(ids.filter((x) => x !== r.id)), 'aria-label': `Remove ${r.title} from the comparison`, text: 'Remove' })) : null)));
  const rows = [
    row('Type', rs.map((r) => el('td', { text: r.type ? labelFor(tax.type, r.type) : 'Not stated' }))),
    row('What it works on', rs.map((r) => el('td', {}, list(r.focus_areas.map((v) => labelFor(tax.focus_area, v)))))),
    row('Who it is for', rs.map((r) => el('td', {}, list(r.audience.map((v) => labelFor(tax.audience, v)))))),
    ...data.outcomes.map((o) => row(`Evidence for: ${labelFor(tax.outcome, o)}`, rs.map((r) => outcomeCell(tax, r, o)))),
    row('What the evidence covers', rs.map((r) => el('td', {}, r.evidence
      ? list(((r.evidence && r.evidence.emmie) || []).map((v) => labelFor(tax.emmie, v)))
      : el('span', { class: 'muted', text: 'No rating' })))),
    row('Cost looked at', rs.map(costCell)),
    row('From', rs.map((r) => el('td', { text: [r.source, formatDate(r.published)].filter(Boolean).join(', ') || 'Not stated' }))),
  ];
  $('compare-table').replaceChildren(
    el('caption', { id: 'compare-caption', text: `Comparing ${rs.length} programs` }),
    el('thead', {}, head),
    el('tbody', {}, rows));
  $('compare-meanings').replaceChildren(...[...tax.rating.values()].flatMap((m) => [
    el('dt', {}, evidenceBadge(tax, { ratings: [{ rating: m.id }] })), el('dd', { text: m.description || '' })]));
  status.hidden = true;
  $('compare').hidden = false;
  announce(`Comparing ${rs.length} programs.`);
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
  const named = missing.length ? missing.map((m) => `“${m}”`).join(', ') : 'one of them';
  showProblem(missing.length > 1 ? 'Some programs were not found' : 'A program was not found',
    `This link names ${missing.length > 1 ? 'programs that are' : 'a program that is'} not in the clearinghouse: ${named}. It may have been removed or renamed.`,
    left.length >= MIN_COMPARED ? el('a', { href: compareUrl(left), text: `Compare the other ${left.length}` }) : findLink());
}

async function main() {
  const ids = idsOf(window.location.search);
  if (ids.length < MIN_COMPARED) {
    showProblem('Choose at least 2 programs to compare',
      `${ids.length ? 'This link names only 1 program. ' : ''}Tick “Compare” on 2 to ${MAX_COMPARED} rated programs, in the search results or on their pages, then follow the “Compare” link.`,
      findLink());
    return;
  }
  if (ids.length > MAX_COMPARED) {
    showProblem(`You can compare up to ${MAX_COMPARED} programs at a time`,
      `This link names ${ids.length}.`,
      el('a', { href: compareUrl(ids.slice(0, MAX_COMPARED)), text: `Compare the first ${MAX_COMPARED}` }));
    return;
  }
  try {
    const [data, tax] = await Promise.all([api.compare(ids), taxonomy()]);
    render(data, tax);
  } catch (err) {
    if (err.status === 404) {
      await showMissing(ids);
    } else {
      showProblem('The comparison could not be loaded',
        err.status === 0 ? err.message : `The clearinghouse said: ${err.message}`,
        el('button', { type: 'button', class: 'btn btn-small', text: 'Try again', onclick: () => window.location.reload() }));
    }
  }
}

main();
