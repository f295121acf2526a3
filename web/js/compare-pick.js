// compare-pick.js: the programs chosen to compare side by side (compare.html), and the "Compare"
// checkbox that rated results, resource pages carry. The choice is kept for this tab only
// (sessionStorage, which quick exit clears), at most MAX_COMPARED programs, in the order chosen.

import { announce, el } from './common.js';
import { t } from './i18n.js';

const KEY = 'clearinghouse.compare.v1';
// The compare API and page take 2 to 4 programs (GET /api/v1/compare).
export const MIN_COMPARED = 2;
export const MAX_COMPARED = 4;

const controls = new Set(); // the sync functions of the checkboxes on this page

// [{id, title}], in the order chosen.
export function chosen() {
  try {
    const list = JSON.parse(sessionStorage.getItem(KEY) || '[]');
    return Array.isArray(list) ? list.filter((x) => x && typeof x.id === 'string').slice(0, MAX_COMPARED) : [];
  } catch {
    return [];
  }
}

function save(list) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // No session storage: the choice lasts as long as the page.
  }
  for (const sync of controls) sync();
}

function forget(sync) {
  controls.delete(sync);
}

export function compareUrl(ids) {
  return 'compare.html?ids=' + ids.map(encodeURIComponent).join(',');
}

// True for a resource with at least one evidence rating: those are the ones worth comparing.
export function isRated(resource) {
  return Boolean(resource && resource.evidence && resource.evidence.ratings && resource.evidence.ratings.length);
}

// The "Compare" checkbox for `resource` (described by the element `describedBy`, its title), and
// beside it, while it is ticked, the link to the comparison or how many more to choose.
export function compareControl(resource, describedBy) {
  const box = el('input', { type: 'checkbox', class: 'compare-box', 'aria-describedby': describedBy });
  const next = el('span', { class: 'compare-next' });
  const sync = () => {
    // A checkbox of results replaced since: forgotten.
    if (drawn && !box.isConnected) return forget(sync);
    const list = chosen();
    const on = list.some((x) => x.id === resource.id);
    box.checked = on;
    if (!on) {
      next.replaceChildren();
    } else if (list.length < MIN_COMPARED) {
      next.replaceChildren(el('span', { class: 'hint', text: t('compare.choose_one_more') }));
    } else {
      next.replaceChildren(el('a', { href: compareUrl(list.map((x) => x.id)), text: t('compare.side_by_side', { n: list.length }) }));
    }
  };
  box.addEventListener('change', () => {
    const list = chosen().filter((x) => x.id !== resource.id);
    if (box.checked) {
      if (list.length >= MAX_COMPARED) {
        box.checked = false;
        announce(t('compare.max_chosen', { max: MAX_COMPARED }));
        return;
      }
      list.push({ id: resource.id, title: resource.title });
      announce(list.length < MIN_COMPARED ? t('compare.chosen_one') : t('compare.chosen_n', { n: list.length }));
    } else {
      announce(t('compare.removed'));
    }
    save(list);
  });
  let drawn = false;
  controls.add(sync);
  sync();
  drawn = true;
  return el('span', { class: 'compare-pick' }, el('label', {}, box, ' ' + t('compare.pick')), next);
}
