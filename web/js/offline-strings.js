// Every user-visible string of the installable app and its offline features (app-shell.js,
// offline-*.js, the offline parts of the other pages), in one place. The texts live in the string
// catalogues (i18n/LANG.js, keys `offline.s.*`); S reads them in the page's language, so the
// modules that show them keep writing S.updateReady or S.savedOffline(ago). Functions take the
// numbers and names they show.
import { lang, t, tn } from './i18n.js';

const number = (n) => n.toLocaleString(lang);
const decimal = (x) => x.toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = (x) => x.toLocaleString(lang, { maximumFractionDigits: 0 });

// Plain texts, by S's name -> catalogue key.
const TEXTS = {
  updateReady: 'update_ready',
  updateReload: 'update_reload',
  updateReloading: 'update_reloading',
  notOnDevice: 'not_on_device',
  removeFromDevice: 'remove_from_device',
  removedFromDevice: 'removed_from_device',
  keepOnDevice: 'keep_on_device',
  nothingOnDevice: 'nothing_on_device',
  refreshing: 'refreshing',
  refreshFailed: 'refresh_failed',
  offlineNow: 'offline_now',
  cleared: 'cleared',
  confirmClear: 'confirm_clear',
  libraryEstimating: 'library_estimating',
  libraryOff: 'library_off',
  libraryStopped: 'library_stopped',
  libraryFailed: 'library_failed',
  offlineSearchNone: 'search_none',
  offlineSearchEmpty: 'search_empty',
  fromDevice: 'from_device',
  queued: 'queued',
  queuedState: 'queued_state',
  sent: 'sent',
  conflictTitle: 'conflict_title',
  conflictText: 'conflict_text',
  conflictOverwrite: 'conflict_overwrite',
  conflictAsNew: 'conflict_as_new',
  conflictView: 'conflict_view',
  conflictResolved: 'conflict_resolved',
  wiped: 'wiped',
};

export const S = {
  // "updated 2 hours ago"
  ago(ms) {
    const minutes = Math.round(ms / 60000);
    if (minutes < 1) return t('offline.s.just_now');
    if (minutes < 60) return tn('offline.s.minutes_ago', minutes);
    const hours = Math.round(minutes / 60);
    if (hours < 24) return tn('offline.s.hours_ago', hours);
    const days = Math.round(hours / 24);
    return days === 1 ? t('offline.s.yesterday') : tn('offline.s.days_ago', days);
  },
  savedOffline: (ago) => t('offline.s.saved_offline', { ago }),
  readingFromDevice: (ago) => t('offline.s.reading_from_device', { ago }),

  // Sizes: "2.4 MB"
  size(bytes) {
    if (bytes < 1024) return tn('offline.s.bytes', bytes, { n: number(bytes) });
    if (bytes < 1024 * 1024) return t('offline.s.kb', { n: whole(bytes / 1024) });
    if (bytes < 1024 * 1024 * 1024) return t('offline.s.mb', { n: decimal(bytes / 1024 / 1024) });
    return t('offline.s.gb', { n: decimal(bytes / 1024 / 1024 / 1024) });
  },
  resources: (n) => tn('offline.s.resources', n, { n: number(n) }),
  toolkits: (n) => tn('offline.s.toolkits', n, { n: number(n) }),
  storageUsed: (bytes) => t('offline.s.storage_used', { size: bytes }),
  storageQuota: (bytes) => t('offline.s.storage_quota', { size: bytes }),

  // The offline page (offline.html).
  onDevice: (toolkits, resources, bytes) => t('offline.s.on_device', { toolkits, resources, bytes }),
  refreshed: (ago) => t('offline.s.refreshed', { ago }),
  clearPending: (n) => tn('offline.s.clear_pending', n),

  // The whole library.
  libraryEstimate: (n, bytes) => t('offline.s.library_estimate', { n, bytes }),
  libraryTooBig: (limit) => t('offline.s.library_too_big', { limit }),
  libraryDownloading: (done, total) => t('offline.s.library_downloading', { done: number(done), total: number(total) }),
  libraryDone: (n, ago) => t('offline.s.library_done', { n, ago }),

  // Offline search.
  offlineSearchNotice: (n) => t('offline.s.search_notice', { n }),
};
for (const [name, key] of Object.entries(TEXTS)) {
  Object.defineProperty(S, name, { get: () => t(`offline.s.${key}`), enumerable: true });
}
