// Browser tests of the web front end (web/) against a real clearinghouse-server on a test index,
// in Debian's Chromium driven by playwright-core. Run by ctest (label "browser") or directly:
//   cd tests/browser && node --test
// Set CH_UPDATE_DOCS_SCREENSHOT=1 to refresh docs/search-page.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  SOURCE_DIR, apiGet, assertNoPageErrors, axeChecked, checkA11y, horizontalOverflow, launchBrowser,
  measureLayoutShift, newPage, screenshot, startServer,
} from './harness.mjs';

let server;
let browser;
let base;

// The titles the page lists, and the titles the API gives for the same search.
async function pageTitles(page) {
  return page.locator('#results-list .result h3').allTextContents();
}

async function apiTitles(params) {
  const p = new URLSearchParams(params);
  p.set('per_page', '10');
  p.set('facets', '');
  const data = await apiGet(base, 'api/v1/search?' + p.toString());
  return data.results.map((r) => r.title);
}

function urlParams(page) {
  return new URL(page.url()).searchParams;
}

// Waits until the search page shows the results for its current URL.
async function settled(page) {
  await page.waitForFunction(() => {
    const results = document.getElementById('results');
    return !results.hasAttribute('aria-busy') && results.dataset.rendered === window.location.search;
  });
}

async function expectPageMatchesApi(page) {
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
async function answerForNeutralSite(page) {
  await page.context().route(/^https:\/\/www\.google\.com\//, (route) => route.fulfill({
    status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>Neutral</title><p>neutral page</p>',
  }));
}

before(async () => {
  server = await startServer();
  base = server.base;
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (axeChecked.length) console.log(`# axe-core checked ${axeChecked.length} page states: ${axeChecked.join(', ')}`);
});

describe('search page', () => {
  it('searches, filters, sorts and pages, with the state in the URL (reload) and no history entries', async () => {
    const page = await newPage(browser);
    await page.goto(base);
    await settled(page);
    assert.equal(await page.locator('#results-list .result').count(), 10);
    assert.equal(await page.locator('#results-heading').textContent(), 'Latest resources');
    // The count comes from the API, so that adding a resource to corpus/ breaks no test.
    const everything = await apiGet(base, 'api/v1/search?per_page=1&facets=');
    assert.equal(await page.locator('#result-count').textContent(), `${everything.total} results, showing 1 to 10`, 'no server time shown');
    assert.ok(await page.locator('#featured-list li').count() > 0, 'featured toolkits on the landing page');
    await checkA11y(page, 'search: landing');
    await screenshot(page, 'search-landing');
    const historyAtStart = await page.evaluate(() => window.history.length);

    // Search.
    await page.fill('#q', 'violence');
    await page.press('#q', 'Enter');
    await page.waitForURL(/\?q=violence$/);
    await expectPageMatchesApi(page);
    assert.equal(await page.locator('#results-heading').textContent(), 'Results for “violence”');
    assert.ok(await page.locator('#results-list mark').count() > 0, 'highlighted snippets');
    await page.waitForFunction(() => /results for “violence”/.test(document.getElementById('announcer').textContent));
    const total = Number((await page.locator('#result-count').textContent()).match(/^(\d+) results/)[1]);
    assert.ok(total > 20, `enough results to page through (${total})`);

    // Filter by type: the URL, the chip and every result's badge agree.
    await page.check('#f-type-report');
    await page.waitForURL(/type=report/);
    await expectPageMatchesApi(page);
    assert.equal(await page.locator('#chips .chip').count(), 1);
    assert.equal(await page.locator('#chips .chip').first().getAttribute('aria-label'), 'Remove filter: Type of resource: Report');
    for (const badge of await page.locator('#results-list .badge-type').allTextContents()) assert.equal(badge, 'Type: Report');
    // Focus stays on the checkbox that was used.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-type-report');
    // A second filter, and a year range.
    await page.check('#f-focus_area-gun-violence');
    await page.waitForURL(/focus_area=gun-violence/);
    await page.selectOption('#year-from', '2018');
    await page.waitForURL(/published_from=2018/);
    await expectPageMatchesApi(page);
    assert.ok(await page.locator('#results-list .result').count() > 0, 'the filters leave some results');
    assert.equal(await page.locator('#chips .chip').count(), 3);
    await checkA11y(page, 'search: filtered');
    await screenshot(page, 'search-filtered');

    // Remove chips until none are left, then sort.
    await page.locator('#chips .chip', { hasText: 'Published' }).click();
    await page.waitForURL((u) => !u.searchParams.has('published_from'));
    await page.locator('#chips .chip', { hasText: 'Gun Violence' }).click();
    await page.waitForURL((u) => !u.searchParams.has('focus_area'));
    await page.locator('#chips .chip', { hasText: 'Report' }).click();
    await page.waitForURL((u) => !u.searchParams.has('type'));
    // The URL changes when the request starts; the chips go once its answer is drawn.
    await page.locator('#active-filters').waitFor({ state: 'hidden', timeout: 5000 });
    await page.selectOption('#sort', 'newest');
    await page.waitForURL(/sort=newest/);
    await expectPageMatchesApi(page);

    // Page 2 and 3, then back and forward.
    const firstPage = await pageTitles(page);
    await page.locator('#pagination a', { hasText: 'Next' }).click();
    await page.waitForURL(/page=2/);
    await expectPageMatchesApi(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results-heading', 'focus moves to the results');
    const secondPage = await pageTitles(page);
    assert.notDeepEqual(secondPage, firstPage);
    assert.equal(await page.locator('#pagination [aria-current="page"]').textContent(), '2');
    await page.locator('#pagination a[aria-label="Page 3"]').click();
    await page.waitForURL(/page=3/);
    await expectPageMatchesApi(page);

    // Searching, filtering and paging replaced the URL: none of it added a step to the history.
    assert.equal(await page.evaluate(() => window.history.length), historyAtStart, 'no history entries added');

    // A reload (or a shared link) shows the same thing.
    await page.reload();
    await expectPageMatchesApi(page);
    assert.equal(await page.locator('#pagination [aria-current="page"]').textContent(), '3');
    assert.equal(await page.inputValue('#q'), 'violence');
    assert.equal(await page.inputValue('#sort'), 'newest');

    assertNoPageErrors(page);
    await page.context().close();
  });

  it('shows "did you mean" and a helpful empty state', async () => {
    const page = await newPage(browser);
    // A misspelling that matches nothing is searched as its correction, and the page says so.
    await page.goto(base + '?q=shootngs');
    await settled(page);
    const corrected = await apiGet(base, 'api/v1/search?q=shootngs&facets=');
    assert.equal(corrected.showing_results_for, 'shootings');
    assert.equal(await page.locator('#query-used').isVisible(), true);
    assert.match(await page.locator('#query-used').textContent(), /results for shootings/);
    assert.ok(await page.locator('#results-list .result').count() > 0);
    await expectPageMatchesApi(page);
    // Words with no correction get the empty state and its tips.
    await page.goto(base + '?q=zqxwvj');
    await settled(page);
    assert.equal(await page.locator('#empty-state').isVisible(), true);
    assert.equal(await page.locator('#empty-state h2').textContent(), 'No resources match “zqxwvj”');
    assert.match(await page.locator('#result-count').textContent(), /^No results for “zqxwvj”/);
    await checkA11y(page, 'search: empty state');
    await screenshot(page, 'search-empty');

    // "Did you mean" beside results, when the API offers one.
    await page.goto(base + '?q=shooting');
    await settled(page);
    const dym = (await apiGet(base, 'api/v1/search?q=shooting&facets=')).did_you_mean;
    if (dym) {
      assert.equal(await page.locator('#did-you-mean a').textContent(), dym);
    }

    // Filters that match nothing offer to clear them.
    await page.goto(base + '?q=nibin&type=podcast&type=dataset');
    await settled(page);
    if (await page.locator('#empty-state').isVisible()) {
      await page.locator('#empty-state button', { hasText: 'clear all filters' }).click();
      await page.waitForURL((u) => !u.searchParams.has('type'));
      await expectPageMatchesApi(page);
    }

    // A bad link is explained, not a broken page.
    await page.goto(base + '?type=no-such-type');
    await page.waitForSelector('#search-error:not([hidden])');
    assert.match(await page.locator('#search-error').textContent(), /could not be run/);
    assertNoPageErrors(page);
    await page.context().close();
  });

  it('suggests as you type, with the combobox keyboard flow', async () => {
    const page = await newPage(browser);
    await page.goto(base);
    await settled(page);
    const input = page.locator('#q');
    await input.focus();
    await page.keyboard.type('nib', { delay: 30 });
    await page.waitForSelector('#q-suggestions:not([hidden]) [role="option"]');
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assert.equal(await input.getAttribute('role'), 'combobox');
    const expected = (await apiGet(base, 'api/v1/suggest?q=nib')).suggestions;
    const options = page.locator('#q-suggestions [role="option"]');
    assert.equal(await options.count(), expected.length);

    await page.keyboard.press('ArrowDown');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'q-suggestions-0');
    assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('ArrowDown');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'q-suggestions-1');
    await page.keyboard.press('ArrowUp');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'q-suggestions-0');
    await page.keyboard.press('ArrowUp'); // wraps to the last
    assert.equal(await input.getAttribute('aria-activedescendant'), `q-suggestions-${expected.length - 1}`);
    await checkA11y(page, 'search: suggestions open');
    await screenshot(page, 'search-suggestions');

    // Escape closes the list and does not leave the site.
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#q-suggestions').isHidden(), true);
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    assert.equal(await input.getAttribute('aria-activedescendant'), null);
    assert.equal(await input.inputValue(), 'nib');
    assert.ok(page.url().startsWith(base));

    // Down opens it again; Enter on a search term runs that search.
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('#q-suggestions:not([hidden])');
    const termIndex = expected.findIndex((s) => s.kind === 'term');
    assert.ok(termIndex >= 0, 'the API suggests a term for "nib"');
    while (await input.getAttribute('aria-activedescendant') !== `q-suggestions-${termIndex}`) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === expected[termIndex].text);
    await expectPageMatchesApi(page);
    assert.equal(await input.inputValue(), expected[termIndex].text);

    // Enter on a resource title opens that resource.
    await input.fill('');
    await input.focus();
    await page.keyboard.type('lead track', { delay: 30 });
    await page.waitForSelector('#q-suggestions:not([hidden]) [role="option"]');
    const titles = (await apiGet(base, 'api/v1/suggest?q=lead%20track')).suggestions;
    assert.equal(titles[0].kind, 'title');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/resource\.html\?id=/);
    assert.equal(new URL(page.url()).searchParams.get('id'), titles[0].id);
    await page.waitForSelector('#resource:not([hidden])');
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe('resource page', () => {
  it('shows the resource, its body, the original link and related resources, and adds it to the toolkit', async () => {
    const id = 'nibin-lead-tracker-tool';
    const r = await apiGet(base, `api/v1/resources/${id}`);
    const page = await newPage(browser);
    await page.goto(base + '?q=nibin');
    await settled(page);
    await page.locator('#results-list a', { hasText: r.title }).click();
    await page.waitForSelector('#resource:not([hidden])');
    assert.equal(await page.locator('h1').textContent(), r.title);
    assert.equal(await page.title(), `${r.title} – Public Safety Clearinghouse`);
    assert.equal(await page.locator('#resource-summary').textContent(), r.summary);
    assert.equal(await page.locator('#original-link').getAttribute('href'), r.url);
    assert.equal(await page.locator('#original-link').getAttribute('rel'), 'noopener noreferrer');
    // The original link says where it goes and that it opens a new tab.
    const site = new URL(r.url).hostname.replace(/^www\./, '');
    assert.equal((await page.locator('#original-link').textContent()).replace(/\s+/g, ' ').trim(),
      `View the original on ${site} (opens in a new tab)`);
    assert.equal(await page.locator('#original-link').getAttribute('target'), '_blank');
    // Source, date and authors sit right under the title, before the summary.
    const byline = await page.locator('#resource-byline').textContent();
    assert.match(byline, /National Public Safety Partnership \(PSP\)/);
    assert.match(byline, /Published August 2024/);
    if (r.authors.length) assert.ok(byline.includes('By ' + r.authors.join(', ')), byline);
    const order = await page.evaluate(() => ['resource-title', 'resource-byline', 'resource-summary']
      .map((id) => document.getElementById(id).getBoundingClientRect().top));
    assert.ok(order[0] < order[1] && order[1] < order[2], `title, byline, summary in order: ${order}`);
    assert.ok(await page.locator('#resource-body h2').count() > 0, 'rendered body');
    assert.equal(await page.locator('#resource-body .table-scroll table').count(), (r.body_html.match(/<table/g) || []).length);
    assert.equal(await page.locator('#related-list li').count(), r.related.length);
    const meta = await page.locator('#resource-meta').textContent();
    assert.match(meta, /Published\s*August 2024/);
    assert.match(meta, /Source\s*National Public Safety Partnership \(PSP\)/);
    assert.equal(await page.locator('#back-link').getAttribute('href'), '/?q=nibin');

    await page.click('#add-to-toolkit');
    assert.equal(await page.locator('#add-to-toolkit').textContent(), 'Remove from toolkit');
    assert.equal(await page.locator('[data-toolkit-count]').textContent(), '1 resource');
    await checkA11y(page, 'resource page');
    await screenshot(page, 'resource-page', { fullPage: true });

    // The print stylesheet keeps the resource and drops the site's chrome.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false);
    assert.equal(await page.locator('.quick-exit').isVisible(), false);
    assert.equal(await page.locator('#add-to-toolkit').isVisible(), false);
    assert.equal(await page.locator('#resource-body').isVisible(), true);
    const printedLink = await page.locator('#resource-body a[href^="http"]').first();
    if (await printedLink.count()) {
      const after = await printedLink.evaluate((a) => getComputedStyle(a, '::after').content);
      assert.match(after, /attr\(href\)|http/);
    }
    // The printed page gives the original's full address, and this page's.
    assert.equal(await page.locator('#print-original').isVisible(), true);
    assert.equal(await page.locator('#print-original').textContent(), 'Original: ' + r.url);
    assert.match(await page.locator('#print-page').textContent(), /^This page: http.*resource\.html\?id=nibin-lead-tracker-tool$/);
    await screenshot(page, 'resource-print');
    await page.emulateMedia({ media: 'screen' });

    // A related resource opens its own page.
    await page.locator('#related-list a').first().click();
    await page.waitForURL((u) => u.searchParams.get('id') === r.related[0].id);
    await page.waitForSelector('#resource:not([hidden])');
    assert.equal(await page.locator('h1').textContent(), r.related[0].title);

    // An unknown id.
    await page.goto(base + 'resource.html?id=no-such-resource');
    await page.waitForSelector('#resource-status h1');
    assert.equal(await page.locator('h1:visible').textContent(), 'Resource not found');
    await checkA11y(page, 'resource page: not found');
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe('toolkit builder', () => {
  it('builds, saves, shares, reopens, copies and exports a toolkit', async () => {
    const page = await newPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(base + '?q=nibin');
    await settled(page);
    const added = (await pageTitles(page)).slice(0, 3);
    for (let i = 0; i < 3; i++) await page.locator('.add-toggle').nth(i).click();
    assert.equal(await page.locator('.add-toggle[aria-pressed="true"]').count(), 3);
    assert.equal(await page.locator('[data-toolkit-count]').textContent(), '3 resources');

    await page.click('a[href="toolkit.html"]');
    await page.waitForSelector('.tk-item');
    const itemTitles = () => page.locator('.tk-item h4').allTextContents();
    assert.deepEqual(await itemTitles(), added);
    assert.match(await page.locator('#save-state').textContent(), /Not saved yet/);
    await checkA11y(page, 'toolkit builder: unsaved');

    // Reorder with the buttons; focus stays on the button that was used.
    const firstId = await page.locator('.tk-item').first().getAttribute('data-id');
    await page.click(`#down-${firstId}`);
    assert.deepEqual(await itemTitles(), [added[1], added[0], added[2]]);
    assert.equal(await page.evaluate(() => document.activeElement.id), `down-${firstId}`);
    // ... and with the keyboard: Alt+ArrowDown in the note moves the item again.
    await page.focus(`#note-${firstId}`);
    await page.keyboard.press('Alt+ArrowDown');
    assert.deepEqual(await itemTitles(), [added[1], added[2], added[0]]);
    assert.equal(await page.evaluate(() => document.activeElement.id), `note-${firstId}`);
    await page.keyboard.press('Alt+ArrowUp');
    assert.deepEqual(await itemTitles(), [added[1], added[0], added[2]]);
    await page.waitForFunction(() => /to position 2 of 3/.test(document.getElementById('announcer').textContent));

    // Remove one, note another, title and description; all of it survives a reload.
    const lastId = await page.locator('.tk-item').nth(2).getAttribute('data-id');
    await page.click(`#remove-${lastId}`);
    assert.deepEqual(await itemTitles(), [added[1], added[0]]);
    await page.fill(`#note-${firstId}`, 'Read this first.\nThen share it with the CGIC.');
    await page.fill('#tk-title', 'Crime gun toolkit for our unit');
    await page.fill('#tk-description', 'What our unit uses.');
    await page.reload();
    await page.waitForSelector('.tk-item');
    assert.deepEqual(await itemTitles(), [added[1], added[0]]);
    assert.equal(await page.inputValue(`#note-${firstId}`), 'Read this first.\nThen share it with the CGIC.');
    assert.equal(await page.inputValue('#tk-title'), 'Crime gun toolkit for our unit');
    assert.equal(await page.inputValue('#tk-description'), 'What our unit uses.');

    // Save and share: the link is shown and the key kept.
    await page.click('#save-button');
    await page.waitForSelector('#share-box:not([hidden])');
    const shareUrl = await page.inputValue('#share-url');
    const id = new URL(shareUrl).searchParams.get('id');
    assert.match(id, /^[A-Za-z0-9_-]{12}$/);
    const keys = await page.evaluate(() => JSON.parse(localStorage.getItem('clearinghouse.toolkit.keys.v1')));
    assert.equal(keys[id].key.length, 43);
    let saved = await apiGet(base, `api/v1/toolkits/${id}`);
    assert.equal(saved.title, 'Crime gun toolkit for our unit');
    assert.deepEqual(saved.items.map((it) => it.resource.title), [added[1], added[0]]);
    assert.equal(saved.items[1].note, 'Read this first.\nThen share it with the CGIC.');
    assert.match(await page.locator('#save-state').textContent(), /All changes saved/);
    await checkA11y(page, 'toolkit builder: saved');
    await screenshot(page, 'toolkit-builder', { fullPage: true });

    // "Link copied" is a passing message: it goes after a few seconds.
    await page.click('#copy-link');
    await page.waitForFunction(() => /Link copied/.test(document.getElementById('save-message').textContent));
    await page.waitForFunction(() => document.getElementById('save-message').textContent === '', null, { timeout: 8000 });

    // Later saves replace it, with the edit key.
    await page.fill('#tk-title', 'Crime gun toolkit');
    assert.match(await page.locator('#save-state').textContent(), /Unsaved changes/);
    await page.click('#save-button');
    await page.waitForFunction(() => /All changes saved/.test(document.getElementById('save-state').textContent));
    saved = await apiGet(base, `api/v1/toolkits/${id}`);
    assert.equal(saved.title, 'Crime gun toolkit');
    assert.equal(saved.version, 2);

    // Export from the builder: a Markdown download.
    const [md] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="md"]')]);
    assert.equal(md.suggestedFilename(), 'crime-gun-toolkit.md');
    const markdown = fs.readFileSync(await md.path(), 'utf8');
    assert.match(markdown, /^# Crime gun toolkit/m);
    assert.match(markdown, /Read this first\./);
    assertNoPageErrors(page);

    // Someone else opens the shared link: a read-only view, with copy and export.
    const other = await newPage(browser);
    await other.goto(shareUrl);
    await other.waitForSelector('#view:not([hidden])');
    assert.equal(await other.locator('h1').textContent(), 'Crime gun toolkit');
    assert.equal(await other.locator('#edit-toolkit').count(), 0, 'no edit button without the key');
    // Not theirs: no "Back to my toolkit", and "My toolkit" is not marked as the current page.
    assert.equal(await other.locator('#crumbs a').textContent(), 'Make a toolkit of your own');
    assert.equal(await other.locator('.site-nav a[aria-current]').count(), 0);
    assert.deepEqual(await other.locator('.view-items h3').allTextContents(), [added[1], added[0]]);
    assert.match(await other.locator('.view-items .note').first().textContent(), /Read this first\./);
    await checkA11y(other, 'toolkit view: shared');
    await screenshot(other, 'toolkit-view');
    const [csv] = await Promise.all([other.waitForEvent('download'), other.locator('#view a', { hasText: 'CSV' }).click()]);
    assert.equal(csv.suggestedFilename(), 'crime-gun-toolkit.csv');
    const csvText = fs.readFileSync(await csv.path(), 'utf8');
    assert.match(csvText, /^position,section,title,type,source,published,url,summary,note,resource_id,available\r\n/);
    assert.equal(csvText.trim().split('\r\n').length, 3);

    // ... copies it, and the copy is theirs to change.
    await other.click('#copy-toolkit');
    await other.waitForURL(/toolkit\.html$/);
    await other.waitForSelector('.tk-item');
    assert.match(await other.locator('#page-notice').textContent(), /Copied “Crime gun toolkit”/);
    assert.equal(await other.inputValue('#tk-title'), 'Crime gun toolkit');
    assert.deepEqual(await other.locator('.tk-item h4').allTextContents(), [added[1], added[0]]);
    const copyUrl = await other.inputValue('#share-url');
    const copyId = new URL(copyUrl).searchParams.get('id');
    assert.notEqual(copyId, id);
    const copy = await apiGet(base, `api/v1/toolkits/${copyId}`);
    assert.equal(copy.copied_from, id);
    await other.fill('#tk-title', 'Our copy');
    await other.click('#save-button');
    await other.waitForFunction(() => /All changes saved/.test(document.getElementById('save-state').textContent));
    assert.equal((await apiGet(base, `api/v1/toolkits/${copyId}`)).title, 'Our copy');
    assert.equal((await apiGet(base, `api/v1/toolkits/${id}`)).title, 'Crime gun toolkit', 'the original is unchanged');
    assertNoPageErrors(other);
    await other.context().close();

    // The owner reopens the shared link: it can be edited from there.
    await page.goto(shareUrl);
    await page.waitForSelector('#view:not([hidden])');
    assert.equal(await page.locator('#edit-toolkit').textContent(), 'Continue editing');
    assert.equal(await page.locator('#crumbs a').textContent(), '← Back to my toolkit');
    assert.match(await page.locator('.site-nav a[aria-current="page"]').textContent(), /^My toolkit/);
    await page.click('#edit-toolkit');
    await page.waitForURL(/toolkit\.html$/);
    await page.waitForSelector('.tk-item');
    assert.equal(await page.inputValue('#tk-title'), 'Crime gun toolkit');
    assertNoPageErrors(page);
    await page.context().close();
  });

  it('offers featured toolkits and drafts a toolkit from a query', async () => {
    const page = await newPage(browser);
    await page.goto(base + 'toolkit.html');
    await page.waitForSelector('#featured-list a');
    assert.match(await page.locator('#tk-empty').textContent(), /Your toolkit is empty/);
    await checkA11y(page, 'toolkit builder: empty');
    const featured = (await apiGet(base, 'api/v1/toolkits/featured')).toolkits;
    assert.equal(await page.locator('#featured-list a').count(), featured.length);

    // A featured toolkit, in sections.
    await page.locator('#featured-list a', { hasText: featured[0].title }).click();
    await page.waitForSelector('#view:not([hidden])');
    assert.equal(await page.locator('h1').textContent(), featured[0].title);
    const full = await apiGet(base, `api/v1/toolkits/${featured[0].id}`);
    assert.deepEqual(await page.locator('.view-section h2').allTextContents(),
      full.sections.filter((s) => full.items.some((it) => it.section_id === s.id)).map((s) => s.title));
    assert.equal(await page.locator('.view-items > li').count(), full.items.length);
    await checkA11y(page, 'toolkit view: featured');
    await screenshot(page, 'toolkit-featured');

    // Draft one: it fills the empty builder, grouped in sections.
    await page.goto(base + 'toolkit.html');
    await page.waitForSelector('#draft-form');
    await page.fill('#draft-q', 'nibin');
    await page.selectOption('#draft-size', '5');
    await page.click('#draft-form button[type="submit"]');
    await page.waitForSelector('.tk-item');
    const draft = await (await fetch(base + 'api/v1/toolkits/draft', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ q: 'nibin', size: 5 }),
    })).json();
    assert.equal(await page.inputValue('#tk-title'), draft.title);
    assert.equal(await page.locator('.tk-item').count(), draft.items.length);
    assert.deepEqual(await page.locator('.tk-group > h3').allTextContents(), draft.sections.map((s) => s.title));
    assert.match(await page.locator('#page-notice').textContent(), /Drafted a toolkit of 5 resources/);
    await checkA11y(page, 'toolkit builder: drafted');
    await screenshot(page, 'toolkit-drafted');

    // Moving an item to another section with its menu.
    const itemId = await page.locator('.tk-item').first().getAttribute('data-id');
    await page.selectOption(`#section-${itemId}`, draft.sections[draft.sections.length - 1].id);
    assert.equal(await page.locator(`.tk-group:last-child #item-${itemId}`).count(), 1);

    // Drafting over a saved toolkit asks too: a draft never silently takes its place.
    await page.click('#save-button');
    await page.waitForFunction(() => /All changes saved/.test(document.getElementById('save-state').textContent));
    await page.fill('#draft-q', 'shootings');
    await page.click('#draft-form button[type="submit"]');
    await page.waitForSelector('#confirm-panel:not([hidden])');
    assert.match(await page.locator('#confirm-text').textContent(), /is saved/);
    await page.click('#confirm-no');
    assert.equal(await page.inputValue('#tk-title'), draft.title);
    await page.selectOption(`#section-${itemId}`, draft.sections[0].id);

    // Drafting again over unsaved work asks first; keeping it changes nothing.
    await page.fill('#draft-q', 'victim services');
    await page.click('#draft-form button[type="submit"]');
    await page.waitForSelector('#confirm-panel:not([hidden])');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'confirm-panel');
    await checkA11y(page, 'toolkit builder: confirm');
    await page.click('#confirm-no');
    assert.equal(await page.inputValue('#tk-title'), draft.title);
    await page.click('#draft-form button[type="submit"]');
    await page.waitForSelector('#confirm-panel:not([hidden])');
    await page.click('#confirm-yes');
    await page.waitForFunction((t) => document.getElementById('tk-title').value !== t, draft.title);
    assert.match(await page.inputValue('#tk-title'), /victim services/);
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe('quality', () => {
  it('works on a 360 px phone', async () => {
    const page = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await page.goto(base + '?q=victim');
    await settled(page);
    let overflow = await horizontalOverflow(page);
    assert.ok(overflow.scrollWidth <= 360, `search page overflows: ${JSON.stringify(overflow)}`);
    assert.equal(await page.locator('#filters-panel').isVisible(), false, 'filters folded away');
    await checkA11y(page, 'phone: search');
    await screenshot(page, 'phone-search');
    await page.click('.filters-toggle');
    assert.equal(await page.locator('#filters-panel').isVisible(), true);
    assert.equal(await page.locator('.filters-toggle').getAttribute('aria-expanded'), 'true');
    await page.locator('#filters-panel input[type="checkbox"]').first().check();
    await page.waitForURL(/focus_area=/);
    await settled(page);
    await checkA11y(page, 'phone: search with filters open');
    await screenshot(page, 'phone-filters');

    await page.locator('#results-list a').first().click();
    await page.waitForSelector('#resource:not([hidden])');
    overflow = await horizontalOverflow(page);
    assert.ok(overflow.scrollWidth <= 360, `resource page overflows: ${JSON.stringify(overflow)}`);
    const bylineBox = await page.locator('#resource-byline').boundingBox();
    assert.ok(bylineBox && bylineBox.y + bylineBox.height < 740, `source and date on the first screen (${JSON.stringify(bylineBox)})`);
    await page.click('#add-to-toolkit');
    await checkA11y(page, 'phone: resource');
    await screenshot(page, 'phone-resource');

    await page.goto(base + 'toolkit.html');
    await page.waitForSelector('.tk-item');
    overflow = await horizontalOverflow(page);
    assert.ok(overflow.scrollWidth <= 360, `toolkit page overflows: ${JSON.stringify(overflow)}`);
    await checkA11y(page, 'phone: toolkit');
    await screenshot(page, 'phone-toolkit', { fullPage: true });
    assertNoPageErrors(page);
    await page.context().close();
  });

  it('filters on a phone: "Show N results" closes the panel and moves to the results, under removable chips', async () => {
    const page = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(base + '?q=violence');
    await settled(page);
    assert.equal(await page.locator('#show-results').isVisible(), false, 'only in the open panel');
    await page.click('.filters-toggle');
    assert.equal(await page.locator('#filters-panel').isVisible(), true);
    await page.check('#f-type-report');
    await page.waitForURL(/type=report/);
    await settled(page);
    const total = (await apiGet(base, 'api/v1/search?q=violence&type=report&facets=')).total;
    // The button stays in view at the bottom of the tall panel and says what ticking the box did.
    const button = page.locator('#show-results');
    assert.equal(await button.textContent(), `Show ${total} results`);
    assert.equal(await button.isVisible(), true);
    const box = await button.boundingBox();
    assert.ok(box.y + box.height <= 844 && box.y >= 0, `the button is on screen (${JSON.stringify(box)})`);
    await checkA11y(page, 'phone: filters open');
    await screenshot(page, 'phone-filters-open');
    await button.click();
    assert.equal(await page.locator('#filters-panel').isVisible(), false, 'the panel closed');
    assert.equal(await page.locator('.filters-toggle').getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results-heading');
    const heading = await page.locator('#results-heading').boundingBox();
    const exitBar = await page.locator('.quick-exit').boundingBox();
    assert.ok(heading.y >= exitBar.y + exitBar.height && heading.y < 250,
      `the results are in view, below the quick-exit bar (heading at ${heading.y})`);
    // The filter shows as a chip above the results, and the chip removes it.
    const chip = page.locator('#chips .chip');
    assert.equal(await chip.count(), 1);
    const chipBox = await chip.boundingBox();
    const firstResult = await page.locator('#results-list .result').first().boundingBox();
    assert.ok(chipBox.y < firstResult.y, 'the chips sit above the results');
    await screenshot(page, 'phone-filters-chips');
    await chip.click();
    await page.waitForURL((u) => !u.searchParams.has('type'));
    await page.locator('#active-filters').waitFor({ state: 'hidden', timeout: 5000 });
    assertNoPageErrors(page);
    await page.context().close();
  });

  it('has a "Skip to results" link before the filters', async () => {
    const page = await newPage(browser);
    await page.goto(base + '?q=nibin');
    await settled(page);
    const historyLength = await page.evaluate(() => window.history.length);
    await page.focus('#search-form button[type="submit"]');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to results');
    assert.equal(await page.locator('.skip-results').isVisible(), true);
    await screenshot(page, 'skip-to-results');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results-heading');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'sort', 'then the sort menu');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.closest('.result') !== null), true, 'then the first result');
    assert.equal(await page.evaluate(() => window.history.length), historyLength, 'no "#" entry in the history');
    assert.equal(new URL(page.url()).hash, '');
    assertNoPageErrors(page);
    await page.context().close();
  });

  it('can be used with the keyboard alone: skip link, visible focus, facets', async () => {
    const page = await newPage(browser);
    await page.goto(base + '?q=nibin');
    await settled(page);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
    assert.equal(await page.locator('.skip-link').isVisible(), true);
    // The quick exit is the next stop.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'quick-exit');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    // Every focused control shows a focus indicator.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const style = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return { tag: document.activeElement.tagName, outline: s.outlineStyle, width: s.outlineWidth };
      });
      assert.notEqual(style.outline, 'none', `focus indicator on ${style.tag}`);
    }
    // A facet checkbox toggles with the space bar.
    await page.focus('#f-focus_area-gun-violence');
    await page.keyboard.press('Space');
    await page.waitForURL(/focus_area=gun-violence/);
    await expectPageMatchesApi(page);
    assertNoPageErrors(page);
    await page.context().close();
  });

  it('leaves quickly: the page is hidden and replaced, and the site leaves few history entries', async () => {
    const page = await newPage(browser);
    await answerForNeutralSite(page);
    // The steps of the usability test: home, a search, a filter, a result, then quick exit.
    await page.goto(base);
    await settled(page);
    await page.fill('#q', 'victim services');
    await page.press('#q', 'Enter');
    await page.waitForURL(/q=victim/);
    await settled(page);
    await page.locator('#facets input[type="checkbox"]').first().check();
    await page.waitForURL(/q=victim.*&/);
    await settled(page);
    const searchUrl = page.url();
    await page.locator('#results-list h3 a').first().click();
    await page.waitForSelector('#resource:not([hidden])');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('clearinghouse.fromSearch')), null, 'read by the resource page');
    await page.evaluate(() => sessionStorage.setItem('clearinghouse.fromSearch', '1'));
    await page.click('.quick-exit');
    await page.waitForURL(/^https:\/\/www\.google\.com\//);
    assert.equal(await page.locator('p').textContent(), 'neutral page');
    // Back: the resource page is gone (replaced); the search page is one entry, at its last state.
    await page.goBack();
    assert.equal(page.url(), searchUrl, 'one entry for all the searching');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('clearinghouse.fromSearch')), null, 'session storage cleared');
    await settled(page);
    // One more step back leaves the site: home, the search and the filter added nothing.
    await page.goBack();
    assert.ok(!page.url().startsWith(base), `back went to ${page.url()}`);
    await page.context().close();
  });

  it('leaves with Shift pressed 3 times, shows and announces the count; Escape never leaves', async () => {
    const page = await newPage(browser);
    await answerForNeutralSite(page);
    await page.goto(base + 'toolkit.html');
    await page.waitForSelector('#builder:not([hidden])');
    await page.goto(base + '?q=nibin');
    await settled(page);
    await page.focus('#q');
    // Escape while typing closes nothing and leaves nothing.
    await page.keyboard.press('Escape');
    assert.ok(page.url().startsWith(base));
    const dotsOn = () => page.locator('.quick-exit-dots span.on').count();
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    assert.equal(await dotsOn(), 2);
    assert.equal(await page.locator('.quick-exit-dots').isVisible(), true);
    assert.equal(await page.locator('#quick-exit-status').textContent(), 'Shift, press 1 more time to leave this site.');
    await checkA11y(page, 'search: quick exit counting');
    await screenshot(page, 'quick-exit-counting');
    // Another key starts the count again: typing capitals never leaves.
    await page.keyboard.type('A');
    assert.equal(await dotsOn(), 0);
    assert.equal(await page.locator('.quick-exit-dots').isVisible(), false);
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.keyboard.press('Escape');
    assert.equal(await dotsOn(), 0, 'Escape resets the count too');
    assert.ok(page.url().startsWith(base));
    // In the toolkit builder, Escape in a text field stays on the page too.
    await page.goto(base + 'toolkit.html');
    await page.waitForSelector('#builder:not([hidden])');
    await page.focus('#tk-title');
    await page.keyboard.type('Notes');
    await page.keyboard.press('Escape');
    assert.ok(page.url().startsWith(base + 'toolkit.html'));
    assert.equal(await page.inputValue('#tk-title'), 'Notes');
    // Three presses leave, and replace the entry.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    await page.waitForURL(/^https:\/\/www\.google\.com\//);
    await page.goBack();
    assert.ok(!page.url().includes('toolkit.html'), `back went to ${page.url()}`);
    await page.context().close();
  });

  it('answers unknown pages with the site\'s own "Page not found" page', async () => {
    const page = await newPage(browser);
    for (const path of ['nope.html', 'a/b/nothing']) {
      const response = await page.goto(base + path);
      assert.equal(response.status(), 404, path);
      assert.equal(await page.locator('h1').textContent(), 'Page not found');
      // Styled and working at any depth: the stylesheet and the links resolve from the root.
      assert.equal(await page.locator('.site-header').evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(15, 45, 82)');
      assert.equal(await page.locator('main a', { hasText: 'Search the clearinghouse' }).evaluate((a) => a.href), base);
    }
    await checkA11y(page, 'page not found');
    await screenshot(page, 'not-found');
    // The API keeps its JSON errors.
    const api = await fetch(base + 'api/v1/nope');
    assert.equal(api.status, 404);
    assert.match(api.headers.get('content-type'), /application\/json/);
    assertNoPageErrors(page);
    await page.context().close();
  });

  it('starts the API calls from the page head, allowed by the CSP hash, and uses each of them', async () => {
    // With the page's own Content-Security-Policy (the other tests bypass it for axe-core): a
    // changed inline script without its new hash in the CSP is refused, and fails here.
    for (const path of ['', '?q=victim%20services&type=report', 'resource.html?id=nibin-lead-tracker-tool']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors = [];
      page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(base + path);
      if (path.startsWith('resource')) await page.waitForSelector('#resource:not([hidden])');
      else await settled(page);
      assert.deepEqual(errors, [], `${path}: no CSP violations or errors`);
      const left = await page.evaluate(() => window.chEarlyRequests && Object.keys(window.chEarlyRequests));
      assert.deepEqual(left, [], `${path}: every early request was taken up`);
      const preloaded = await page.locator('link[rel="modulepreload"]').count();
      assert.ok(preloaded >= 4, `${path}: modules preloaded`);
      await context.close();
    }
  });

  it('lets browsers keep the static files and revalidate them (ETag, no-cache, 304)', async () => {
    for (const file of ['', 'js/search.js', 'css/site.css']) {
      const first = await fetch(base + file);
      assert.equal(first.status, 200, file);
      assert.equal(first.headers.get('cache-control'), 'no-cache', file);
      const etag = first.headers.get('etag');
      assert.ok(etag, `${file} has an ETag`);
      await first.arrayBuffer();
      const again = await fetch(base + file, { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 304, file);
    }
  });

  it('offers no "did you mean" for the same words in curly quotes', async () => {
    const page = await newPage(browser);
    await page.goto(base + '?q=' + encodeURIComponent('“victim services”'));
    await settled(page);
    assert.ok(await page.locator('#results-list .result').count() > 0);
    assert.equal(await page.locator('#did-you-mean').isVisible(), false);
    assertNoPageErrors(page);
    await page.context().close();
  });

  it('has a safety page, linked from every page, that can remove the site\'s data', async () => {
    const page = await newPage(browser);
    await page.goto(base + 'resource.html?id=nibin-lead-tracker-tool');
    await page.waitForSelector('#resource:not([hidden])');
    await page.click('#add-to-toolkit');
    await page.locator('.site-footer a[href="safety.html"]').click();
    await page.waitForURL(/safety\.html$/);
    assert.equal(await page.locator('h1').textContent(), 'Browsing safely');
    const text = await page.locator('main').textContent();
    assert.match(text, /What it cannot erase/);
    assert.match(text, /Browse privately/);
    assert.match(text, /Clear your history/);
    await checkA11y(page, 'safety page');
    await screenshot(page, 'safety-page', { fullPage: true });
    assert.equal(await page.locator('[data-toolkit-count]').textContent(), '1 resource');
    await page.click('#forget-button');
    assert.match(await page.locator('#forget-status').textContent(), /removed/);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.equal(await page.locator('[data-toolkit-count]').textContent(), '');
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe('dark mode', () => {
  it('follows prefers-color-scheme, with AA contrast in both schemes (axe), and prints light', async () => {
    const page = await newPage(browser, { colorScheme: 'dark' });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const states = [
      ['search: results', '?q=violence&type=report', settled],
      ['search: landing', '', (p) => settled(p)],
      ['resource page', 'resource.html?id=nibin-lead-tracker-tool', (p) => p.waitForSelector('#resource:not([hidden])')],
      ['toolkit builder', 'toolkit.html', (p) => p.waitForSelector('#featured-list a')],
      ['safety page', 'safety.html', (p) => p.waitForSelector('h1')],
      ['page not found', 'nope.html', (p) => p.waitForSelector('h1')],
    ];
    for (const [name, path, ready] of states) {
      await page.goto(base + path);
      await ready(page);
      await page.emulateMedia({ colorScheme: 'dark' });
      assert.equal(await background(), 'rgb(18, 22, 28)', `${name}: dark background`);
      await checkA11y(page, `dark: ${name}`);
      await screenshot(page, `dark-${name.replace(/[^a-z]+/g, '-')}`);
      await page.emulateMedia({ colorScheme: 'light' });
      assert.equal(await background(), 'rgb(244, 246, 249)', `${name}: light background`);
      await page.emulateMedia({ colorScheme: 'dark' });
    }
    // Printing uses the light scheme whatever the screen's.
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    assert.equal(await background(), 'rgb(255, 255, 255)');
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe('layout shift', () => {
  // Cumulative layout shift (every shift not caused by input, summed) stays under this budget.
  const CLS_BUDGET = 0.05;
  const viewports = [{ width: 390, height: 844 }, { width: 1280, height: 900 }];
  const pages = [
    ['home', '', (page) => settled(page).then(() => page.waitForSelector('#featured-list li'))],
    ['results', '?q=victim%20services', settled],
    ['filtered results', '?q=violence&type=report&published_from=2018', settled],
    ['resource', 'resource.html?id=nibin-lead-tracker-tool', (page) => page.waitForSelector('#resource:not([hidden])')],
    ['toolkit builder', 'toolkit.html', (page) => page.waitForSelector('#featured-list a')],
    ['safety', 'safety.html', (page) => page.waitForSelector('h1')],
  ];
  for (const viewport of viewports) {
    for (const [name, path, ready] of pages) {
      it(`stays below ${CLS_BUDGET} on the ${name} page at ${viewport.width}x${viewport.height}`, async () => {
        const { cls, shifts } = await measureLayoutShift(browser, base + path, viewport, ready);
        assert.ok(cls < CLS_BUDGET, `layout shift ${cls.toFixed(3)} on ${name} at ${viewport.width}px: ${JSON.stringify(shifts)}`);
      });
    }
  }
});

describe('docs screenshots', () => {
  // CH_UPDATE_DOCS_SCREENSHOT=1 copies them to docs/: the search page on a desktop, in the dark
  // scheme, and on a phone with a filter chip.
  const shots = [
    ['search-page', { viewport: { width: 1200, height: 860 } }, '?q=gun%20violence&type=guide'],
    ['search-page-dark', { viewport: { width: 1200, height: 860 }, colorScheme: 'dark' }, '?q=gun%20violence&type=guide'],
    ['search-page-phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, '?q=victim%20services&type=guide'],
  ];
  for (const [name, options, query] of shots) {
    it(`keeps a current screenshot: ${name}`, async () => {
      const page = await newPage(browser, options);
      await page.goto(base + query);
      await settled(page);
      const file = await screenshot(page, name);
      if (process.env.CH_UPDATE_DOCS_SCREENSHOT) fs.copyFileSync(file, path.join(SOURCE_DIR, 'docs', `${name}.png`));
      assert.ok(fs.statSync(file).size > 10000);
      await page.context().close();
    });
  }
});
