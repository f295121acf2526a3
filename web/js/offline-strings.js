// Every user-visible string of the installable app and its offline features (app-shell.js,
// offline-*.js, the offline parts of the other pages), in one place so that they can move into
// the site's string catalogue. Functions take the numbers and names they show.

export const S = {
  // app-shell.js: the new-version notice.
  updateReady: 'A new version of this site is available.',
  updateReload: 'Reload',
  updateReloading: 'Loading the new version…',

  // "updated 2 hours ago"
  ago(ms) {
    const minutes = Math.round(ms / 60000);
    if (minutes < 1) return 'just now';
    if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
    const hours = Math.round(minutes / 60);
    if (hours < 24) return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
    const days = Math.round(hours / 24);
    return days === 1 ? 'yesterday' : `${days} days ago`;
  },
  savedOffline: (ago) => `Saved for offline use · updated ${ago}`,
  readingFromDevice: (ago) => `You are offline: this is the copy saved on this device, updated ${ago}.`,
  notOnDevice: 'You are offline, and this page is not saved on this device.',
  removeFromDevice: 'Remove from this device',
  removedFromDevice: 'Removed from this device.',
  keepOnDevice: 'Keep on this device for offline use',

  // Sizes: "2.4 MB"
  size(bytes) {
    if (bytes < 1024) return `${bytes} bytes`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
    if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
  },
  resources: (n) => `${n.toLocaleString('en')} ${n === 1 ? 'resource' : 'resources'}`,
  toolkits: (n) => `${n.toLocaleString('en')} ${n === 1 ? 'toolkit' : 'toolkits'}`,

  // The offline page (offline.html).
  onDevice: (toolkits, resources, bytes) => `On this device: ${toolkits}, ${resources}, ${bytes}.`,
  nothingOnDevice: 'Nothing is saved on this device yet. Toolkits you save or open are kept here for offline use.',
  refreshing: 'Updating what is saved on this device…',
  refreshed: (ago) => `Everything saved on this device is up to date (checked ${ago}).`,
  refreshFailed: 'Could not update the saved copies: the clearinghouse could not be reached. They are still readable.',
  offlineNow: 'You are offline. What is saved on this device is still readable.',
  cleared: 'Everything saved for offline use is removed from this device.',
  clearPending: (n) => `${n} ${n === 1 ? 'change to a toolkit has' : 'changes to toolkits have'} not been sent yet and will be lost.`,
  confirmClear: 'Remove everything saved for offline use from this device?',

  // The whole library.
  libraryEstimating: 'Working out the size of the library…',
  libraryEstimate: (n, bytes) => `The whole library is ${n} and about ${bytes}.`,
  libraryTooBig: (limit) => `That is more than the ${limit} this site may use on this device. Choose a larger limit below, or keep only your toolkits.`,
  libraryDownloading: (done, total) => `Downloading the library: ${done} of ${total} resources…`,
  libraryDone: (n, ago) => `The whole library is on this device: ${n}, updated ${ago}.`,
  libraryOff: 'Only your toolkits and their resources are kept on this device.',
  libraryStopped: 'The download stopped: the storage limit was reached. What was downloaded stays readable.',
  libraryFailed: 'The library could not be downloaded: the clearinghouse could not be reached.',

  // Offline search.
  offlineSearchNotice: (n) => `You are offline. These results come from the ${n} saved on this device, not the whole clearinghouse.`,
  offlineSearchNone: 'Nothing saved on this device matches. Connect to the internet to search the whole clearinghouse.',
  offlineSearchEmpty: 'You are offline and no resources are saved on this device. Save a toolkit, or keep the whole library offline, to read and search it without a connection.',
  fromDevice: 'Saved on this device',

  // Toolkit edits made offline.
  queued: 'You are offline: your changes are saved on this device and will be sent when you are back online.',
  queuedState: 'Changes waiting to be sent.',
  sent: 'Your offline changes were sent.',
  conflictTitle: 'This toolkit was changed somewhere else while you were offline.',
  conflictText: 'Your offline changes are kept on this device. Choose what to do with them:',
  conflictOverwrite: 'Save mine over it',
  conflictAsNew: 'Save mine as a new toolkit',
  conflictView: 'See the other version',
  conflictResolved: 'Your changes are saved.',

  // The safety page.
  wiped: 'Done: this site’s data, including everything saved for offline use, is removed from this browser.',
};
