// A search box with as-you-type suggestions, following the WAI-ARIA combobox pattern (list
// autocomplete with aria-activedescendant): Down/Up move through the list (and open it), Enter
// picks the highlighted suggestion or submits the form, Escape closes the list, Tab leaves it.

import { el } from './common.js';
import { t } from './i18n.js';

export function setupCombobox({ input, listbox, form, fetchSuggestions, onPick, delay = 120 }) {
  let options = [];
  let active = -1;
  let timer = 0;
  let controller = null;
  let sequence = 0;
  let lastQuery = null;

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listbox.id);
  input.setAttribute('autocomplete', 'off');

  function isOpen() {
    return !listbox.hidden;
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function open() {
    if (!options.length) return;
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function highlight(index) {
    const nodes = listbox.querySelectorAll('[role="option"]');
    nodes.forEach((node, i) => node.setAttribute('aria-selected', i === index ? 'true' : 'false'));
    active = index;
    if (index >= 0 && nodes[index]) {
      input.setAttribute('aria-activedescendant', nodes[index].id);
      nodes[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function render(suggestions) {
    options = suggestions;
    active = -1;
    listbox.replaceChildren(...suggestions.map((s, i) => el('li', {
      id: `${listbox.id}-${i}`,
      role: 'option',
      'aria-selected': 'false',
      dataset: { index: String(i) },
    },
    el('span', { class: 'kind', 'aria-hidden': 'true', text: s.kind === 'title' ? t('search.kind_resource') : t('search.kind_search') }),
    el('span', { class: 'text', text: s.text }),
    s.kind === 'title' ? el('span', { class: 'visually-hidden', text: ' ' + t('search.kind_resource_hidden') }) : null)));
    if (suggestions.length && document.activeElement === input) open();
    else close();
  }

  async function update() {
    const q = input.value.trim();
    if (q === lastQuery) {
      if (options.length) open();
      return;
    }
    lastQuery = q;
    if (controller) controller.abort();
    if (!q) {
      render([]);
      return;
    }
    controller = new AbortController();
    const mine = ++sequence;
    try {
      const suggestions = await fetchSuggestions(q, controller.signal);
      if (mine === sequence) render(suggestions);
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (mine === sequence) render([]);
    }
  }

  function pick(index) {
    const s = options[index];
    if (!s) return;
    close();
    lastQuery = null;
    onPick(s);
  }

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, delay);
  });

  input.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!isOpen()) {
          open();
          if (isOpen()) highlight(0);
          else update();
        } else {
          highlight(active + 1 >= options.length ? 0 : active + 1);
        }
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!isOpen()) {
          open();
          if (isOpen()) highlight(options.length - 1);
        } else {
          highlight(active <= 0 ? options.length - 1 : active - 1);
        }
        break;
      case 'Enter':
        if (isOpen() && active >= 0) {
          event.preventDefault();
          pick(active);
        } else {
          close();
        }
        break;
      case 'Escape':
        if (isOpen()) {
          // Handled here: Escape closes the list and does nothing else.
          event.preventDefault();
          close();
        }
        break;
      case 'Tab':
        close();
        break;
      case 'Home':
      case 'End':
        if (isOpen()) close();
        break;
      default:
        break;
    }
  });

  input.addEventListener('blur', () => {
    // Let a click on an option land first.
    window.setTimeout(() => {
      if (document.activeElement !== input) close();
    }, 150);
  });

  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  listbox.addEventListener('click', (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) pick(Number(option.dataset.index));
  });

  form.addEventListener('submit', () => {
    window.clearTimeout(timer);
    if (controller) controller.abort();
    sequence++;
    close();
  });

  return {
    close,
    reset(value) {
      input.value = value;
      lastQuery = null;
      window.clearTimeout(timer);
      close();
    },
  };
}
