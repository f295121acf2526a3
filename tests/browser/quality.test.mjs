// Browser tests of the web front end (web/): quality (phones, keyboards, accessibility, speed,
// errors), dark mode, layout shift and the docs screenshots. The page flows are in
// browser.test.mjs. Like it, against a real clearinghouse-server on a test index,
// in Debian's Chromium driven by playwright-core. Run by ctest (label "browser") or directly:
//   cd tests/browser && node --test
// Set CH_UPDATE_DOCS_SCREENSHOT=1 to refresh docs/search-page.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  SOURCE_DIR, apiGet, assertNoPageErrors, checkA11y, horizontalOverflow,
  measureLayoutShift, newPage, screenshot,
} from './harness.mjs';
import {
  answerForNeutralSite, apiTitles, expectPageMatchesApi, pageTitles, settled, urlParams, closeSuite, openSuite
} from './page_checks.mjs';

let server;
let browser;
let base;

before(async () => ({ server, browser, base } = await openSuite()));
after(() => closeSuite({ server, browser }));



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
    // In Spanish too: the head asks for the same URLs (lang=) as the modules do, so no answer is
    // asked for twice.
    for (const path of ['', '?q=victim%20services&type=report', 'resource.html?id=nibin-lead-tracker-tool',
      '?lang=es&q=victim%20services', 'resource.html?id=nibin-lead-tracker-tool&lang=es']) {
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
    // The offline copy and the app's files are removed too, which takes a moment.
    await page.waitForFunction(() => /removed/.test(document.getElementById('forget-status').textContent));
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
