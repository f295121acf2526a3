// The safety page (safety.html): removes what this site stored in the browser, on request.

import { announce } from './common.js';
import { toolkitStore } from './toolkit-store.js';

const button = document.getElementById('forget-button');
const status = document.getElementById('forget-status');

button.addEventListener('click', () => {
  try {
    toolkitStore.forgetAll();
    localStorage.clear();
    sessionStorage.clear();
    status.textContent = 'Done: this site’s data is removed from this browser.';
  } catch {
    status.textContent = 'This browser did not allow the data to be removed. Clear it in the browser’s settings instead.';
  }
  announce(status.textContent);
});
