// The offline parts of the toolkit page (toolkit.js): the "saved for offline use" note of a
// toolkit's view, and the choices shown for an edit made offline that met a change made elsewhere.

import { announce, el } from './common.js';
import { S } from './offline-strings.js';
import { keepToolkit, removeToolkit, settings } from './offline-store.js';

// "Saved for offline use · updated 2 hours ago", with "Remove from this device"; offline, says
// that this is the device's copy. Online, an opened toolkit is kept (unless the settings say no).
export async function offlineNote(t, kept, own) {
  const note = el('p', { class: 'offline-note no-print', id: 'offline-note' });
  const show = (record) => {
    if (kept) {
      note.classList.add('is-offline');
      note.replaceChildren(S.readingFromDevice(S.ago(Date.now() - record.updated_at)));
      return;
    }
    note.replaceChildren(S.savedOffline(S.ago(Date.now() - record.updated_at)), ' ',
      el('button', {
        type: 'button', class: 'link-button', id: 'remove-offline', text: S.removeFromDevice,
        onclick: async () => {
          await removeToolkit(t.id);
          note.replaceChildren(S.removedFromDevice);
          announce(S.removedFromDevice);
        },
      }));
  };
  if (kept) {
    show(kept);
    return note;
  }
  const { keep_opened: keepOpened } = await settings().catch(() => ({ keep_opened: true }));
  if (own || keepOpened) {
    keepToolkit(t, { own }).then(show, () => note.replaceChildren());
  }
  return note;
}

// The conflict notice: what happened, and the choices. onChoice('overwrite' | 'as-new').
export function conflictNodes(entry, onChoice) {
  return [
    el('p', {}, el('strong', { text: entry.state === 'conflict' ? S.conflictTitle : (entry.message || S.conflictTitle) })),
    el('p', { text: S.conflictText }),
    el('div', { class: 'button-row' },
      entry.op === 'replace' && entry.state === 'conflict'
        ? el('button', { type: 'button', class: 'btn btn-small', id: 'conflict-overwrite', text: S.conflictOverwrite, onclick: () => onChoice('overwrite') })
        : null,
      el('button', { type: 'button', class: 'btn btn-secondary btn-small', id: 'conflict-as-new', text: S.conflictAsNew, onclick: () => onChoice('as-new') }),
      entry.toolkit_id ? el('a', { href: 'toolkit.html?id=' + encodeURIComponent(entry.toolkit_id), text: S.conflictView }) : null),
  ];
}
