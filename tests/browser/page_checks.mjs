// Helpers shared by the browser test files: what the search page shows against what the API
// answers for the same search. useBase(url) gives them the server's address (once per file).
import assert from 'node:assert/strict';
import { apiGet, axeChecked, launchBrowser, startServer } from './harness.mjs';

let base;

export function useBase(url) {
  base = url;
}

// A test file's server (startServer's options) and browser, with useBase set: call in before(),
// and closeSuite in after(), which also prints the page states axe checked.
export async function openSuite(serverOptions = {}) {
  const server = await startServer(serverOptions);
  const browser = await launchBrowser();
  useBase(server.base);
  return { server, browser, base: server.base };
}

export async function closeSuite({ server, browser }) {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (axeChecked.length) console.log(`# axe-core checked ${axeChecked.length} page states: ${axeChecked.join(', ')}`);
}
// The titles the page lists, and the titles the API gives for the same search.
export async function pageTitles(page) {
  return page.locator('#results-list .result h3').allTextContents();
}

export async function apiTitles(params) {
  const p = new URLSearchParams(params);
  p.set('per_page', '10');
  p.set('facets', '');
  const data = await apiGet(base, 'api/v1/search?' + p.toString());
  return data.results.map((r) => r.title);
}

export function urlParams(page) {
  return new URL(page.url()).searchParams;
}

// Waits until the search page shows the results for its current URL.
export async function settled(page) {
  await page.waitForFunction(() => {
    // Null while a navigation (a language switch, say) loads the next page: keep waiting.
    const results = document.getElementById('results');
    return results !== null && !results.hasAttribute('aria-busy') &&
      results.dataset.rendered === window.location.search;
  });
}

export async function expectPageMatchesApi(page) {
  await settled(page);
  const params = Object.fromEntries([...urlParams(page).keys()].map((k) => [k, urlParams(page).getAll(k).join(',')]));
  const expected = await apiTitles(params);
  // The page may still be replacing an older answer: give it a moment before judging.
  for (let i = 0; i < 20 && JSON.stringify(await pageTitles(page)) !== JSON.stringify(expected); i++) {
    await page.waitForTimeout(100);
  }
  assert.deepEqual(await pageTitles(page), expected, `results for ${page.url()}`);
}

// The neutral site of the quick exit is outside this machine's network: answer for it here.
export async function answerForNeutralSite(page) {
  await page.context().route(/^https:\/\/www\.google\.com\//, (route) => route.fulfill({
    status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>Neutral</title><p>neutral page</p>',
  }));
}

