// The background work of the offline copy, started by js/app-shell.js after the page loads and
// when the connection comes back: send the queued toolkit edits, then refresh what is kept.
import { flushQueue } from './offline-queue.js';
import { hasOfflineCopy } from './offline-store.js';
import { refresh } from './offline-sync.js';

export async function backgroundSync({ force = false } = {}) {
  if (!navigator.onLine) return;
  try {
    if (hasOfflineCopy()) await flushQueue();
    await refresh({ force });
  } catch {
    // Offline again, or the server is unreachable: the next page load or reconnection tries again.
  }
}
