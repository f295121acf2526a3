// Every public page in Spanish (issue 18): each page, and the less common states of the search
// page (chips, paging, the empty state, "showing results for"), the resource page, the toolkit
// builder with a draft, a featured toolkit, the compare, offline, safety, suggestion and 404
// pages, opened with lang=es. Each state's text in Spanish, visible or for screen readers
// (attributes included, and the page title), must hold none of a list of English words of the
// interface; the resources' own words, marked with their language (lang=), are left out. axe
// reports nothing on each, of any impact. Run with the other browser tests (ctest -L browser),
// or: cd tests/browser && node --test spanish.test.mjs

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiGet, assertNoPageErrors, checkA11y, newPage } from './harness.mjs';
import { settled, closeSuite, openSuite } from './page_checks.mjs';

let server;
let browser;
let base;

// Words of the interface's English that Spanish text never holds (matched as whole words, case
// included): function words of an English sentence, and the interface's own words.
const ENGLISH = [
  'the', 'and', 'of', 'to', 'your', 'you', 'this', 'This', 'is', 'are', 'was', 'with', 'for', 'from', 'not',
  'Loading', 'Show', 'Hide', 'Remove', 'Add', 'Save', 'Saved', 'Search', 'search', 'Back', 'Next', 'Previous',
  'Page', 'page', 'results', 'result', 'resources', 'resource', 'Resource', 'toolkit', 'Toolkit', 'toolkits',
  'filters', 'Filter', 'Clear', 'Try', 'offline', 'Offline', 'device', 'updated', 'ago', 'Sent', 'curator',
  'Sort', 'Newest', 'Oldest', 'Best', 'Published', 'Type', 'Focus', 'Evidence', 'evidence', 'Rated', 'Based',
  'Compare', 'Suggest', 'Skip', 'Leave', 'Press', 'Shift', 'Emergency', 'minutes', 'hours', 'yesterday',
  'Table', 'View', 'More', 'Start', 'Draft', 'Drafting', 'Sections', 'Share', 'Copy', 'Edit', 'Print',
  'Download', 'Reload', 'Waiting', 'Last', 'January', 'February', 'March', 'April', 'June', 'July', 'August',
  'September', 'October', 'November', 'December', 'Ideas', 'instead', 'match', 'Default',
];
const ENGLISH_RE = new RegExp(`(?<![\\p{L}\\p{N}])(${ENGLISH.join('|')})(?![\\p{L}\\p{N}])`, 'gu');

before(async () => ({ server, browser, base } = await openSuite({ extraArgs: ['--suggestion-min-seconds', '1'] })));
after(() => closeSuite({ server, browser }));

// The page's own text: every text node and label attribute under <body> that is not hidden and
// not inside an element marked with a language of its own (a resource's own words: its title,
// summary, source, authors, keywords, in its language; a Spanish resource may name an English
// source), and the title. The page's own strings never carry a lang attribute.
async function pageText(page) {
  return page.evaluate(() => {
    const out = [document.title];
    const own = (node) => node.closest('[lang]') === document.documentElement;
    const shown = (node) => !node.closest('[hidden], script, style, template, noscript') &&
      (typeof node.checkVisibility !== 'function' || node.checkVisibility() || node.closest('.visually-hidden'));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (parent && n.textContent.trim() && own(parent) && shown(parent)) out.push(n.textContent.trim());
    }
    for (const node of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      if (!own(node) || (node.closest('body') && !shown(node))) continue;
      for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) {
        if (node.hasAttribute(attr)) out.push(node.getAttribute(attr));
      }
    }
    return out;
  });
}

// Fails when the page's text holds an English word of the list, naming each with its text; and
// when axe reports anything.
async function expectSpanish(page, name) {
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es', `${name}: <html lang>`);
  const found = [];
  for (const text of await pageText(page)) {
    const words = [...text.matchAll(ENGLISH_RE)].map((m) => m[1]);
    if (words.length) found.push(`${[...new Set(words)].join(', ')}: “${text.slice(0, 140)}”`);
  }
  assert.deepEqual(found, [], `${name}: English on the page in Spanish:\n${found.join('\n')}`);
  const results = await checkA11y(page, `${name} (es)`);
  assert.deepEqual(results.map((v) => `${v.impact} ${v.id}: ${v.nodes.join('; ')}`), [], `${name}: axe`);
}

async function openSearch(page, query) {
  await page.goto(base + '?lang=es' + query);
  await settled(page);
}

describe('every page in Spanish', () => {
  it('the search page: landing, results, chips, paging, empty state, spelling, errors', async () => {
    const page = await newPage(browser);
    await openSearch(page, '');
    await page.waitForSelector('#featured-list li');
    assert.equal(await page.locator('#featured-list h3').first().getAttribute('lang'), null);
    await expectSpanish(page, 'search landing');

    await openSearch(page, '&q=violence');
    assert.ok(await page.locator('#pagination').isVisible(), 'several pages of results');
    await expectSpanish(page, 'search results');
    // A result's own words carry its language.
    const first = await apiGet(base, 'api/v1/search?q=violence&lang=es&per_page=1&facets=');
    assert.equal(await page.locator('#results-list h3').first().getAttribute('lang'), first.results[0].language);

    await openSearch(page, '&q=violence&focus_area=gun-violence&published_from=2015&page=2');
    assert.ok(await page.locator('#chips li').count() >= 3, 'two chips and "clear all"');
    assert.match(await page.locator('#chips button.chip').first().getAttribute('aria-label'), /^Quitar el filtro: /);
    await expectSpanish(page, 'search with filters, page 2');

    await openSearch(page, '&q=violence&page=90');
    assert.match(await page.locator('#empty-state h2').textContent(), /^No hay una página 90/);
    await expectSpanish(page, 'search past the last page');

    await openSearch(page, '&q=zzqxv+wwkjh&topic=school-safety');
    assert.equal(await page.locator('#empty-state p').first().textContent(), 'Algunas ideas:');
    await expectSpanish(page, 'search without results');

    // A spelling mistake: the results of the correction, and a link to the words as typed.
    const typo = 'violencai';
    const corrected = await apiGet(base, `api/v1/search?q=${typo}&lang=es&per_page=1&facets=`);
    assert.ok(corrected.showing_results_for, `the API corrects ${typo}`);
    await openSearch(page, `&q=${typo}`);
    assert.match(await page.locator('#query-used').textContent(), /^Ningún recurso coincide con “violencai”; estos son los resultados de /);
    await expectSpanish(page, 'search showing results for a correction');

    // The order sentence under "Strongest evidence first", from the API in Spanish.
    await openSearch(page, '&sort=evidence');
    assert.match(await page.locator('#sort-order').textContent(), /^Evidencia más sólida primero: /);
    await expectSpanish(page, 'search by evidence');

    // The phone layout's filter button and "Show N results".
    await page.setViewportSize({ width: 390, height: 844 });
    await openSearch(page, '&q=violencia');
    await page.click('.filters-toggle');
    assert.match(await page.locator('#show-results').textContent(), /^Ver \d+ resultados$/);
    await expectSpanish(page, 'search filters on a phone');
    assertNoPageErrors(page);
    await page.context().close();
  });

  it('the resource page, the toolkit builder with a Spanish draft, a featured toolkit, compare', async () => {
    const page = await newPage(browser);
    await page.goto(base + 'resource.html?id=focused-deterrence-practice-profile&lang=es');
    await page.waitForSelector('#resource:not([hidden])');
    await page.click('#add-to-toolkit');
    assert.match(await page.locator('#toolkit-status').textContent(), /^En su kit \(1 recurso\)\.$/);
    assert.equal(await page.locator('#resource-title').getAttribute('lang'), 'en');
    await expectSpanish(page, 'English resource, rated, in the toolkit');
    await page.goto(base + 'resource.html?id=apoyo-familias-tras-un-homicidio&lang=es');
    await page.waitForSelector('#resource:not([hidden])');
    await expectSpanish(page, 'Spanish resource');
    await page.goto(base + 'resource.html?id=no-such-resource&lang=es');
    await page.waitForSelector('#resource-status h1');
    assert.equal(await page.locator('#resource-status h1').textContent(), 'Recurso no encontrado');
    await expectSpanish(page, 'resource not found');

    await page.goto(base + 'toolkit.html?lang=es');
    await page.waitForSelector('#builder:not([hidden])');
    await page.waitForSelector('#featured-list li a');
    await expectSpanish(page, 'toolkit builder');
    // A draft from a Spanish question: its title, description and sections in Spanish.
    await page.fill('#draft-q', 'testigos');
    await page.locator('#draft-form button[type="submit"]').click();
    // The toolkit holds the resource added above: the page asks first.
    await page.waitForSelector('#confirm-panel:not([hidden])');
    await expectSpanish(page, 'toolkit builder asking to replace the toolkit with a draft');
    await page.click('#confirm-yes');
    await page.waitForFunction(() => /^Kit: testigos/.test(document.getElementById('tk-title').value));
    await page.waitForSelector('#tk-groups li');
    await expectSpanish(page, 'toolkit builder with a Spanish draft');

    await page.goto(base + 'toolkit.html?id=crime-gun-intelligence&lang=es');
    await page.waitForSelector('#view:not([hidden]) .view-section');
    assert.equal(await page.locator('#page-title').textContent(), 'Inteligencia sobre armas usadas en delitos');
    await expectSpanish(page, 'featured toolkit');

    await page.goto(base + 'compare.html?ids=focused-deterrence-practice-profile,hot-spots-policing-practice-profile&lang=es');
    await page.waitForSelector('#compare:not([hidden])');
    await expectSpanish(page, 'compare');
    assertNoPageErrors(page);
    await page.context().close();
  });

  it('the offline, safety, suggestion, suggestion status and 404 pages', async () => {
    const page = await newPage(browser);
    for (const [address, name] of [['offline.html', 'offline'], ['safety.html', 'safety'], ['suggest.html', 'suggest']]) {
      await page.goto(base + address + '?lang=es');
      await page.waitForFunction(() => document.documentElement?.lang === 'es');
      await page.waitForLoadState('networkidle');
      await expectSpanish(page, name);
    }
    // A suggestion sent through the form, then its private status page.
    await page.fill('#s-title', 'Guía de ejemplo');
    await page.fill('#s-url', 'https://example.org/guia');
    await page.waitForTimeout(1100); // the form must stay open at least 1 s in this test server
    await page.click('#s-send');
    await page.waitForSelector('#s-done:not([hidden])');
    await expectSpanish(page, 'suggestion sent');
    await page.goto(base + await page.getAttribute('#s-link', 'href'));
    await page.waitForSelector('#st-card:not([hidden])');
    assert.equal(await page.locator('#st-state').textContent(), 'Esperando a que una persona del equipo de revisión la mire.');
    assert.match(await page.locator('#st-dates').textContent(), /^Enviada el \d+ de \p{L}+ de \d{4}\. /u);
    await expectSpanish(page, 'suggestion status');
    await page.goto(base + 'suggestion.html?id=nope&lang=es#token=nope');
    await page.waitForFunction(() => /Ninguna sugerencia/.test(document.getElementById('st-status').textContent));
    await expectSpanish(page, 'suggestion status, unknown link');

    await page.goto(base + 'no-such-page-here?lang=es');
    await page.waitForFunction(() => document.documentElement?.lang === 'es');
    await expectSpanish(page, '404');
    assertNoPageErrors(page);
    await page.context().close();
  });
});
