// Browser tests of the evidence pages (issue 19): the compare page (2 to 4 programs side by side,
// axe clean on a desktop and a phone, its error states), choosing programs to compare from the
// results and from a resource page, the toolkit page's "N of M rated" line with its compare link,
// and "Strongest evidence first" in the search page's sort menu. Run with the other browser tests
// (ctest -L browser), or: cd tests/browser && node --test evidence.test.mjs

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiGet, assertNoPageErrors, checkA11y, horizontalOverflow,
  measureLayoutShift, newPage, screenshot,
} from './harness.mjs';
import { expectPageMatchesApi, settled, closeSuite, openSuite } from './page_checks.mjs';

let server;
let browser;
let base;

// Sample program and practice profiles of corpus/ (fictional ratings).
const DETERRENCE = 'focused-deterrence-practice-profile';
const OUTREACH = 'street-outreach-violence-interruption-practice-profile';
const HOT_SPOTS = 'hot-spots-policing-practice-profile';
const GREENING = 'vacant-lot-greening-practice-profile';
const MENTORING = 'oakmont-school-mentoring-program-profile';
const UNRATED = 'nibin-lead-tracker-tool';

before(async () => ({ server, browser, base } = await openSuite()));
after(() => closeSuite({ server, browser }));

const squash = (s) => s.replace(/\s+/g, ' ').trim();

async function openCompare(page, ids) {
  await page.goto(base + 'compare.html?ids=' + ids.join(','));
  await page.waitForSelector('#compare:not([hidden]), #compare-status.error');
}

describe('compare page', () => {
  it('shows 2 to 4 programs side by side, with accessible ratings, axe clean on a desktop and a phone', async () => {
    const api = await apiGet(base, `api/v1/compare?ids=${DETERRENCE},${OUTREACH},${HOT_SPOTS}`);
    const page = await newPage(browser);
    await openCompare(page, [DETERRENCE, OUTREACH, HOT_SPOTS]);
    assert.ok(await page.locator('#compare').isVisible());
    assert.equal(await page.title(), 'Compare 3 programs – Public Safety Clearinghouse');
    // A caption, one column header per program (linked to its page), row headers.
    assert.equal(await page.locator('#compare-table caption').textContent(), 'Comparing 3 programs');
    const cols = page.locator('#compare-table thead th[scope="col"]');
    assert.equal(await cols.count(), 3);
    for (let i = 0; i < 3; i++) {
      const link = cols.nth(i).locator('a').first();
      assert.equal(await link.textContent(), api.resources[i].title);
      assert.equal(await link.getAttribute('href'), `resource.html?id=${api.resources[i].id}`);
    }
    const rowHeads = (await page.locator('#compare-table tbody th[scope="row"]').allTextContents()).map(squash);
    for (const head of ['Type', 'What it works on', 'Who it is for', 'What the evidence covers', 'Cost looked at']) {
      assert.ok(rowHeads.includes(head), `row "${head}" in ${rowHeads.join(' | ')}`);
    }
    // One row per outcome any of them is rated for, in the API's (taxonomy) order.
    const outcomeRows = rowHeads.filter((h) => h.startsWith('Evidence for: '));
    assert.equal(outcomeRows.length, api.outcomes.length);
    // The badge: a hidden mark, then words, and "(sample rating)" for fictional ratings.
    const row = page.locator('#compare-table tbody tr', { has: page.locator('th', { hasText: 'Evidence for: Gun violence' }) });
    const badge = row.locator('td').first().locator('.badge-evidence');
    assert.match(squash(await badge.textContent()), /^✓ ?Evidence: Effective \(sample rating\)$/);
    assert.equal(await badge.locator('.rating-mark').getAttribute('aria-hidden'), 'true');
    assert.match(squash(await row.locator('td').first().textContent()), /Based on: Meta-analysis/);
    assert.ok(await page.locator('#compare-sample').isVisible(), 'says the ratings are sample data');
    // Focus areas and audiences as labels; the cost flag in words.
    const areas = squash(await page.locator('#compare-table tbody tr', { has: page.locator('th', { hasText: 'What it works on' }) }).locator('td').first().textContent());
    assert.match(areas, /Gun Violence/);
    const cost = await page.locator('#compare-table tbody tr', { has: page.locator('th', { hasText: 'Cost looked at' }) }).locator('td').allTextContents();
    assert.deepEqual(cost.map((c) => c.startsWith('Yes')), api.resources.map((r) => r.cost_covered));
    assert.ok(await page.locator('#compare-meanings dt').count() >= 6, 'every rating explained');
    await checkA11y(page, 'compare: 3 programs');
    await screenshot(page, 'compare-desktop');

    // "Remove" takes one out; 4 programs fit.
    await page.locator('#compare-table thead th').nth(0).getByRole('link', { name: /^Remove/ }).click();
    await page.waitForURL(new RegExp(`ids=${OUTREACH},${HOT_SPOTS}$`));
    await page.waitForFunction(() => document.querySelectorAll('#compare-table thead th[scope="col"]').length === 2);
    await openCompare(page, [DETERRENCE, OUTREACH, HOT_SPOTS, GREENING]);
    assert.equal(await cols.count(), 4);
    await checkA11y(page, 'compare: 4 programs');
    assertNoPageErrors(page);
    await page.context().close();

    // A phone: the table scrolls inside its own labelled region; the page itself does not.
    const phone = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await openCompare(phone, [DETERRENCE, OUTREACH, HOT_SPOTS, GREENING]);
    const overflow = await horizontalOverflow(phone);
    assert.ok(overflow.scrollWidth <= overflow.width + 1, `no sideways scrolling of the page: ${JSON.stringify(overflow)}`);
    const region = phone.locator('.compare-scroll');
    assert.equal(await region.getAttribute('role'), 'region');
    assert.equal(await region.getAttribute('tabindex'), '0', 'keyboard users can scroll it');
    assert.ok(await region.evaluate((n) => n.scrollWidth > n.clientWidth), 'the table scrolls sideways');
    await checkA11y(phone, 'compare: 4 programs on a phone');
    await screenshot(phone, 'compare-phone', { fullPage: true });
    assertNoPageErrors(phone);
    await phone.context().close();

    // The dark scheme keeps AA contrast (the sticky row headers sit on their own background).
    const dark = await newPage(browser, { colorScheme: 'dark' });
    await openCompare(dark, [DETERRENCE, OUTREACH]);
    await checkA11y(dark, 'compare: dark scheme');
    await dark.context().close();

    // Nothing moves while it loads (the budget of the other pages, quality.test.mjs).
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
      const { cls, shifts } = await measureLayoutShift(browser, base + `compare.html?ids=${DETERRENCE},${OUTREACH}`, viewport,
        (p) => p.waitForSelector('#compare:not([hidden])'));
      assert.ok(cls < 0.05, `layout shift ${cls} at ${viewport.width}px: ${JSON.stringify(shifts)}`);
    }
  });

  it('says clearly when a link names fewer than 2, more than 4, or unknown programs', async () => {
    const page = await newPage(browser);
    for (const [ids, heading, link] of [
      [[], 'Choose at least 2 programs to compare', './?sort=evidence'],
      [[DETERRENCE], 'Choose at least 2 programs to compare', './?sort=evidence'],
      [[DETERRENCE, OUTREACH, HOT_SPOTS, GREENING, MENTORING], 'You can compare up to 4 programs at a time',
        `compare.html?ids=${DETERRENCE},${OUTREACH},${HOT_SPOTS},${GREENING}`],
      [[DETERRENCE, 'no-such-program', OUTREACH], 'A program was not found', `compare.html?ids=${DETERRENCE},${OUTREACH}`],
    ]) {
      await openCompare(page, ids);
      const status = page.locator('#compare-status');
      assert.equal(await status.locator('h2').textContent(), heading, ids.join(','));
      assert.ok(await page.locator('#compare').isHidden());
      assert.equal(await status.locator('a').last().getAttribute('href'), link, ids.join(','));
      if (ids.includes('no-such-program')) assert.match(await status.textContent(), /“no-such-program”/);
      await checkA11y(page, `compare: ${heading}`);
    }
    assertNoPageErrors(page);
    await page.context().close();
  });

  it('is reached by ticking "Compare" on rated results and on a resource page', async () => {
    const page = await newPage(browser);
    await page.goto(base + '?sort=evidence');
    await settled(page);
    const rated = page.locator('#results-list .result', { has: page.locator('.compare-box') });
    assert.ok(await rated.count() >= 2, 'rated results offer "Compare"');
    const firstTwo = [];
    for (let i = 0; i < 2; i++) {
      firstTwo.push((await rated.nth(i).locator('h3 a').getAttribute('href')).replace('resource.html?id=', ''));
      await rated.nth(i).getByLabel('Compare').check();
    }
    assert.match(await rated.nth(0).locator('.compare-next').textContent(), /Compare 2 side by side/);
    await checkA11y(page, 'search: programs chosen to compare');
    // The choice is kept for the tab: a resource page adds a third.
    await page.goto(base + `resource.html?id=${MENTORING}`);
    await page.waitForSelector('#compare-pick:not([hidden])');
    await page.getByLabel('Compare').check();
    await page.getByRole('link', { name: 'Compare 3 side by side' }).click();
    await page.waitForSelector('#compare:not([hidden])');
    assert.deepEqual(new URL(page.url()).searchParams.get('ids').split(','), [...firstTwo, MENTORING]);
    // An unrated resource has no "Compare".
    await page.goto(base + `resource.html?id=${UNRATED}`);
    await page.waitForSelector('#resource-title:not(:empty)');
    assert.ok(await page.locator('#compare-pick').isHidden());
    assertNoPageErrors(page);
    await page.context().close();
  });

  it('draws "Compare" with the results, inert and the same size until its module (loaded on demand) arrives', async () => {
    const page = await newPage(browser);
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/js/compare-pick.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(base + '?sort=evidence');
    await settled(page);
    const box = page.locator('#results-list .compare-box').first();
    assert.equal(await box.isDisabled(), true, 'inert while js/compare-pick.js is on its way');
    const pick = page.locator('#results-list .compare-pick').first();
    const before = await pick.boundingBox();
    const foot = await page.locator('#results-list .result-foot').first().boundingBox();
    release();
    await page.waitForFunction(() => !document.querySelector('#results-list .compare-box').disabled);
    assert.deepEqual(await pick.boundingBox(), before, 'the checkbox does not move or change size');
    assert.deepEqual(await page.locator('#results-list .result-foot').first().boundingBox(), foot);
    await box.check();
    assert.match(await page.locator('#results-list .compare-next').first().textContent(), /Choose 1 more to compare/);
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe('toolkit page', () => {
  it('says how many of its items are rated, and links to compare them', async () => {
    const res = await fetch(base + 'api/v1/toolkits', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title: 'Rated and unrated', description: '',
        items: [DETERRENCE, UNRATED, OUTREACH, 'gvi-call-in-planning-guide'].map((id) => ({ resource_id: id, note: '' })),
      }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const { id } = await res.json();
    const page = await newPage(browser);
    await page.goto(base + `toolkit.html?id=${id}`);
    await page.waitForSelector('#rated-line');
    assert.match(squash(await page.locator('#rated-line').textContent()), /^2 of 4 resources have an evidence rating\./);
    await checkA11y(page, 'toolkit: rated line');
    await page.locator('#rated-line').getByRole('link', { name: 'Compare the 2 rated side by side' }).click();
    await page.waitForSelector('#compare:not([hidden])');
    assert.equal(new URL(page.url()).searchParams.get('ids'), `${DETERRENCE},${OUTREACH}`);

    // The builder says it too, for the toolkit being built.
    await page.goto(base + `resource.html?id=${DETERRENCE}`);
    await page.click('#add-to-toolkit');
    await page.goto(base + `resource.html?id=${UNRATED}`);
    await page.click('#add-to-toolkit');
    await page.goto(base + 'toolkit.html');
    await page.waitForSelector('#rated-line');
    assert.equal(squash(await page.locator('#rated-line').textContent()), '1 of 2 resources has an evidence rating.');
    await checkA11y(page, 'toolkit builder: rated line');
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe('search page sort', () => {
  it('offers "Strongest evidence first" and says how it orders, as the API does', async () => {
    const page = await newPage(browser);
    await page.goto(base + '?q=violence');
    await settled(page);
    assert.ok(await page.locator('#sort-order').isHidden(), 'no order note for the other sorts');
    await page.selectOption('#sort', 'evidence');
    await page.waitForURL(/sort=evidence/);
    await expectPageMatchesApi(page);
    const api = await apiGet(base, 'api/v1/search?q=violence&sort=evidence&per_page=1&facets=');
    assert.equal(await page.locator('#sort-order').textContent(), api.order);
    assert.match(api.order, /^Strongest evidence first/);
    // The strongest first: the first result is rated, its badge shown.
    assert.equal(await page.locator('#results-list .result').first().locator('.badge-evidence').count(), 1);
    await checkA11y(page, 'search: strongest evidence first');
    // Reload keeps it.
    await page.reload();
    await settled(page);
    assert.equal(await page.locator('#sort').inputValue(), 'evidence');
    assert.ok(await page.locator('#sort-order').isVisible());
    assertNoPageErrors(page);
    await page.context().close();
  });
});

describe('toolkit and compare pages in Spanish', () => {
  it('show their own text in Spanish after choosing Español, axe clean', async () => {
    const res = await fetch(base + 'api/v1/toolkits', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title: 'Kit de ejemplo', description: '',
        items: [DETERRENCE, UNRATED, OUTREACH].map((id) => ({ resource_id: id, note: '' })),
      }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const { id } = await res.json();
    const page = await newPage(browser);
    // Choose Español from the switch on the builder, as a reader would.
    await page.goto(base + 'toolkit.html');
    await page.waitForSelector('#builder:not([hidden])');
    await page.click('[data-language-switch]');
    await page.waitForFunction(() => document.documentElement?.lang === 'es');
    await page.waitForSelector('#builder:not([hidden])');
    assert.equal(await page.locator('h1').textContent(), 'Crear un kit');
    assert.equal(await page.locator('#share-heading').textContent(), 'Guardar y compartir');
    assert.equal(await page.locator('#save-button').textContent(), 'Guardar y compartir');
    assert.equal(await page.locator('label[for="draft-q"]').textContent(), 'Tema o pregunta');
    assert.match(await page.locator('#items-heading').textContent(), /^Recursos \(\d+\)$/);
    assert.match(await page.title(), /^Crear un kit – /);
    await checkA11y(page, 'toolkit builder in Spanish');

    // A shared toolkit: its rated line and compare link, in Spanish (the choice carries over).
    await page.goto(base + `toolkit.html?id=${id}`);
    await page.waitForSelector('#rated-line');
    assert.match(squash(await page.locator('#rated-line').textContent()),
      /^2 de 3 recursos tienen una calificación de la evidencia\./);
    assert.equal(await page.locator('#copy-toolkit').textContent(), 'Copiar y editar');
    await checkA11y(page, 'shared toolkit in Spanish');
    await page.locator('#rated-line').getByRole('link', { name: 'Comparar lado a lado los 2 calificados' }).click();

    await page.waitForSelector('#compare:not([hidden])');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    assert.equal(await page.locator('h1').textContent(), 'Comparar programas');
    assert.equal(squash(await page.locator('#compare-caption').textContent()), 'Comparando 2 programas');
    assert.equal(await page.locator('#meanings-heading').textContent(), 'Qué significan las calificaciones');
    assert.ok(await page.locator('#compare-table th[scope="row"]', { hasText: 'Para quién es' }).count() > 0);
    assert.match(await page.title(), /^Comparar 2 programas – /);
    await checkA11y(page, 'compare page in Spanish');

    // The offline page's own text too.
    const compareAddress = page.url();
    await page.goto(base + 'offline.html');
    await page.waitForFunction(() => document.documentElement?.lang === 'es');
    assert.equal(await page.locator('h1').textContent(), 'Uso sin conexión');
    assert.equal(await page.locator('#refresh-now').textContent(), 'Actualizar ahora');
    await checkA11y(page, 'offline page in Spanish');
    await page.goto(compareAddress);
    await page.waitForSelector('#compare:not([hidden])');

    // Back to English: the same page in English again.
    await page.click('[data-language-switch]');
    await page.waitForSelector('#compare:not([hidden])');
    assert.equal(await page.locator('h1').textContent(), 'Compare programs');
    assert.equal(squash(await page.locator('#compare-caption').textContent()), 'Comparing 2 programs');
    assertNoPageErrors(page);
    await page.context().close();
  });
});
