// compare-pick.js: the programs chosen to compare side by side (compare.html), and the "Compare"
// checkbox that rated results, resource pages carry. The choice is kept for this tab only
// (sessionStorage, which quick exit clears), at most MAX_COMPARED programs, in the order chosen.

import { MAX_COMPARED, MIN_COMPARED, announce, compareShape, compareUrl, el, isRated } from './common.js';
import { t } from './i18n.js';

// In common.js, so that the pages that only name them need not load this module.
export { MAX_COMPARED, MIN_COMPARED, compareUrl, isRated };

const KEY = 'clearinghouse.compare.v1';

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

// The "Compare" checkbox for `resource` (described by the element `describedBy`, its title), and
// beside it, while it is ticked, the link to the comparison or how many more to choose.
export function compareControl(resource, describedBy) {
  const shape = compareShape(describedBy);
  wireCompare(resource, shape);
  return shape.root;
}

// Makes a checkbox drawn by common.js's compareShape (before this module had loaded: the pages
// import it on demand) the working control for `resource`.
export function wireCompare(resource, { box, next }) {
  box.disabled = false;
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
}
