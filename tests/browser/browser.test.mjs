// Browser tests of the web front end (web/) against a real clearinghouse-server on a test index,
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
    // "Search instead for" the words as typed: the link carries autocorrect=false into the URL
    // (so a reload or a shared link keeps it), and the API then searches the misspelling itself.
    const instead = page.locator('#query-used a[data-search-instead]');
    assert.equal(await instead.textContent(), 'shootngs');
    await instead.click();
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('autocorrect'), 'false');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'shootngs');
    assert.equal(await page.locator('#query-used').isVisible(), false);
    assert.equal(await page.locator('#empty-state').isVisible(), true);
    assert.match(await page.locator('#empty-state').textContent(), /shootings/);
    await page.reload();
    await settled(page);
    assert.equal(await page.locator('#empty-state').isVisible(), true);
    assert.equal(await page.locator('#query-used').isVisible(), false);
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
    const expected = (await apiGet(base, 'api/v1/suggest?q=nib')).suggestions;
    await page.keyboard.type('nib', { delay: 30 });
    await page.waitForSelector('#q-suggestions:not([hidden]) [role="option"]');
    // Under load the list may first show an earlier prefix's suggestions ("n", "ni"): wait for
    // the list of the whole word (it failed so in full ctest runs on a loaded machine).
    await page.waitForFunction(
      (n) => document.querySelectorAll('#q-suggestions [role="option"]').length === n,
      expected.length);
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assert.equal(await input.getAttribute('role'), 'combobox');
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

  it('suggests for what was typed before the suggestion list had loaded (js/combobox.js, on demand)', async () => {
    const page = await newPage(browser);
    // The module arrives only once "nib" is in the box (a slow phone, a busy network).
    let release;
    const typed = new Promise((resolve) => { release = resolve; });
    let asked = 0;
    await page.route('**/js/combobox.js', async (route) => {
      asked += 1;
      await typed;
      await route.continue();
    });
    await page.goto(base);
    await settled(page);
    const input = page.locator('#q');
    assert.equal(await input.getAttribute('role'), 'combobox', 'the box is a combobox from the start (in the HTML)');
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    await input.focus();
    await page.keyboard.type('nib', { delay: 30 });
    assert.equal(asked, 1, 'the module was asked for once');
    release();
    await page.waitForSelector('#q-suggestions:not([hidden]) [role="option"]');
    const expected = (await apiGet(base, 'api/v1/suggest?q=nib')).suggestions;
    assert.equal(await page.locator('#q-suggestions [role="option"]').count(), expected.length);
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe('resource page', () => {
  it('shows the resource, its body, the original link and related resources, and adds it to the toolkit', async () => {
    const id = 'nibin-lead-tracker-tool';
    const r = await apiGet(base, `api/v1/resources/${id}`);
    r.related = (await apiGet(base, `api/v1/resources/${id}/related`)).related;
    assert.ok(r.related.length > 0, 'the sample resource has related resources');
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

describe('evidence ratings', () => {
  it('shows a rated program\'s strongest rating on results and each rating, explained, on its page', async () => {
    const id = 'crime-gun-intelligence-center-practice-profile';
    const r = await apiGet(base, `api/v1/resources/${id}`);
    assert.equal(r.evidence.ratings[0].rating, 'promising', 'the sample profile is rated promising');
    const page = await newPage(browser);
    await page.goto(base + '?q=crime+gun+intelligence+centers');
    await settled(page);
    const result = page.locator('.result', { has: page.locator(`a[href="resource.html?id=${id}"]`) });
    const badge = result.locator('.badge-evidence');
    // Words, not colour: the badge says what it is, the rating, and that it is sample data.
    assert.equal((await badge.textContent()).replace(/\s+/g, ' ').trim(), '↗Evidence: Promising (sample rating)');
    assert.equal(await badge.locator('.rating-mark').getAttribute('aria-hidden'), 'true');
    await checkA11y(page, 'search: a rated result');
    await page.goto(base + `resource.html?id=${id}`);
    await page.waitForSelector('#resource-evidence:not([hidden])');
    const section = page.locator('#resource-evidence');
    assert.ok(await page.locator('#evidence-sample').isVisible(), 'sample ratings say so');
    const text = (await section.textContent()).replace(/\s+/g, ' ');
    assert.match(text, /Gun violence: ↗ ?Evidence: Promising \(sample rating\)/);
    assert.match(text, /Some evidence suggests that it works/);
    assert.match(text, /Based on: One study · Rated by Clearinghouse Sample Review Panel \(fictional\)/);
    await checkA11y(page, 'resource page: evidence ratings');
    // An unrated resource has no evidence section.
    await page.goto(base + 'resource.html?id=nibin-lead-tracker-tool');
    await page.waitForSelector('#resource-title:not(:empty)');
    assert.ok(await page.locator('#resource-evidence').isHidden());
    await assertNoPageErrors(page);
    await page.close();
  });
});

describe('languages', () => {
  it('shows the search page in Spanish, axe clean, with a switch back to English', async () => {
    const page = await newPage(browser);
    await page.goto(base + '?lang=es&q=jovenes');
    await settled(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    assert.equal(await page.locator('h1').textContent(), 'Encuentre recursos para reducir la violencia');
    assert.match(await page.locator('#results-heading').textContent(), /^Resultados de /);
    assert.equal(await page.locator('label[for="q"]').textContent(), 'Buscar en el centro de recursos');
    const toggle = page.locator('[data-language-switch]');
    assert.equal(await toggle.textContent(), 'English');
    assert.equal(await toggle.getAttribute('lang'), 'en');
    // Spanish resources answer a Spanish query typed without accents.
    const api = await apiGet(base, 'api/v1/search?q=jovenes&lang=es&per_page=1&facets=');
    assert.equal(api.results[0].language, 'es');
    await checkA11y(page, 'search page in Spanish');
    await toggle.click();
    await settled(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.locator('h1').textContent(), 'Find resources to reduce violent crime');
    await page.context().close();
  });

  it('offers the other language of a translated resource and marks the language of the resource', async () => {
    const page = await newPage(browser);
    await page.goto(base + 'resource.html?id=apoyo-familias-tras-un-homicidio&lang=es');
    await page.waitForSelector('#resource:not([hidden])');
    const link = page.locator('#resource-translations a');
    assert.equal(await link.textContent(), 'Also in English');
    assert.equal(await link.getAttribute('lang'), 'en');
    assert.equal(await link.getAttribute('href'), 'resource.html?id=after-a-homicide-family-support-services-fact-sheet');
    assert.equal(await page.locator('#resource-title').getAttribute('lang'), 'es');
    assert.equal(await page.locator('#about-heading').textContent(), 'Sobre este recurso');
    await checkA11y(page, 'Spanish resource page in Spanish');
    await page.goto(base + 'resource.html?id=after-a-homicide-family-support-services-fact-sheet&lang=en');
    await page.waitForSelector('#resource:not([hidden])');
    assert.equal(await page.locator('#resource-translations a').textContent(), 'También en español');
    await page.context().close();
  });
});

describe('languages across pages', () => {
  it('labels the filters and badges with the taxonomy in Spanish', async () => {
    const page = await newPage(browser);
    await page.goto(base + '?lang=es');
    await settled(page);
    const tax = await apiGet(base, 'api/v1/taxonomy?lang=es');
    assert.equal(tax.language, 'es');
    const gun = tax.focus_areas.find((e) => e.id === 'gun-violence');
    assert.equal(gun.label, 'Violencia armada');
    // The facet option of the focus area, labelled from the API in Spanish.
    const option = page.locator('label[for="f-focus_area-gun-violence"] .label');
    await option.waitFor();
    assert.equal(await option.textContent(), 'Violencia armada');
    await page.context().close();
  });

  it('keeps Spanish on the safety, suggestion and 404 pages, axe clean', async () => {
    const page = await newPage(browser);
    await page.goto(base + 'safety.html?lang=es');
    // The Spanish catalogue is loaded on demand (not preloaded for every reader): its strings may
    // land just after the load event.
    await page.waitForFunction(() => document.documentElement?.lang === 'es');
    assert.equal(await page.locator('h1').textContent(), 'Navegar con seguridad');
    assert.equal(await page.title(), 'Navegar con seguridad – Centro de Recursos de Seguridad Pública');
    // Emphasis and key names survive the translation, as elements.
    assert.ok(await page.locator('main li kbd', { hasText: 'Mayús' }).count() > 0);
    assert.equal(await page.locator('#forget-button').textContent(), 'Eliminar los datos de este sitio de este navegador');
    assert.equal(await page.locator('.site-nav a[href="toolkit.html"] span').first().textContent(), 'Mi kit');
    assert.equal(await page.locator('[data-language-switch]').textContent(), 'English');
    await checkA11y(page, 'safety page in Spanish');
    // The choice carries to a page opened without lang=.
    await page.goto(base + 'suggest.html');
    await page.waitForFunction(() => document.documentElement?.lang === 'es');
    assert.equal(await page.locator('h1').textContent(), 'Sugerir un recurso');
    assert.equal(await page.locator('label[for="s-title"]').textContent(), 'Nombre del recurso');
    await page.click('#s-send');
    assert.equal(await page.locator('#err-title').textContent(), 'Escriba el nombre del recurso.');
    await checkA11y(page, 'suggestion form in Spanish');
    await page.goto(base + 'no-such-page-here');
    await page.waitForFunction(() => document.documentElement?.lang === 'es');
    assert.equal(await page.locator('h1').textContent(), 'Página no encontrada');
    await checkA11y(page, '404 page in Spanish');
    // Back to English from the switch, and the choice sticks again.
    await page.click('[data-language-switch]');
    await page.waitForURL(/lang=en/);
    // The page is English before its module runs: wait for the strings (and the stored choice).
    await page.waitForFunction(() => window.localStorage.getItem('ch-lang') === 'en');
    assert.equal(await page.locator('h1').textContent(), 'Page not found');
    await page.goto(base + 'safety.html');
    assert.equal(await page.locator('h1').textContent(), 'Browsing safely');
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
    assert.match(csvText, /^position,section,title,type,source,published,url,summary,note,resource_id,available,evidence\r\n/);
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
    // A featured toolkit that covers the question is offered first, linked.
    if (draft.featured_match) {
      assert.equal(await page.locator('#page-notice a[data-featured-match]').textContent(), draft.featured_match.title);
    } else {
      assert.equal(await page.locator('#page-notice a[data-featured-match]').count(), 0);
    }
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
