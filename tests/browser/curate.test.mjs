// Browser tests of the curator workspace (/curate) and of suggestions from the public, against
// one real server (two curator keys; the suggestion form may be sent after 1 s).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoPageErrors, checkA11y, horizontalOverflow, launchBrowser, newPage, startServer } from './harness.mjs';

let server;
let browser;
let base;

before(async () => {
  server = await startServer({ keys: ['alice', 'bob'], extraArgs: ['--suggestion-min-seconds', '1'] });
  base = server.base;
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function fitsThePhone(page) {
  const o = await horizontalOverflow(page);
  assert.deepEqual(o.wide, [], 'nothing is wider than the screen');
  assert.ok(o.scrollWidth <= o.width, `no sideways scrolling (${o.scrollWidth} > ${o.width})`);
}

async function signIn(page, who = 'alice') {
  await page.goto(base + 'curate');
  await page.waitForSelector('#view-signin:not([hidden])');
  await page.fill('#signin-key', server.keys[who]);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#view-list:not([hidden])');
}

async function sourceOf(id) {
  const res = await fetch(`${base}api/v1/curator/resources/${id}/source`, { headers: { Authorization: 'Bearer ' + server.keys.alice } });
  return { status: res.status, text: await res.text(), etag: res.headers.get('ETag') };
}

async function putSource(id, text) {
  const res = await fetch(`${base}api/v1/curator/resources/${id}`, {
    method: 'PUT', body: text, headers: { Authorization: 'Bearer ' + server.keys.bob, 'Content-Type': 'text/markdown' },
  });
  assert.ok(res.status === 200 || res.status === 201, `PUT ${id}: ${res.status} ${await res.text()}`);
}

async function search(q) {
  const res = await fetch(`${base}api/v1/search?q=${encodeURIComponent(q)}&autocorrect=false`);
  return (await res.json()).results.map((r) => r.id);
}

describe('curator workspace', () => {
  it('is served with the public pages\' security headers and runs under its own CSP', async () => {
    const [home, curate] = await Promise.all([fetch(base), fetch(base + 'curate')]);
    assert.equal(curate.status, 200);
    for (const h of ['x-frame-options', 'referrer-policy', 'x-content-type-options', 'permissions-policy', 'cross-origin-opener-policy']) {
      assert.equal(curate.headers.get(h), home.headers.get(h), h);
    }
    assert.equal(curate.headers.get('x-frame-options'), 'DENY');
    const csp = curate.headers.get('content-security-policy');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe/);
    // Without the tests' CSP bypass: signing in, the editor and the related search raise nothing.
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(base + 'curate');
    await page.fill('#signin-key', server.keys.alice);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#view-list:not([hidden])');
    await page.goto(base + 'curate#new');
    await page.waitForSelector('#view-edit:not([hidden]) #f-title');
    await page.fill('#f-body', '## Heading\n\nText.\n');
    await page.waitForFunction(() => document.querySelector('#preview h2'));
    await page.fill('#f-related', 'nibin');
    await page.waitForSelector('#related-options:not([hidden]) [role=option]');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('signs in, creates a resource through the form with live validation, finds it, edits and deletes it', async () => {
    const page = await newPage(browser);
    await page.goto(base + 'curate');
    await page.waitForSelector('#view-signin:not([hidden])');
    await checkA11y(page, 'curate: sign in');
    // A wrong key is refused and not kept.
    await page.fill('#signin-key', 'chk_not-a-real-key');
    await page.click('#signin-form button[type=submit]');
    await page.waitForFunction(() => document.getElementById('signin-error').textContent.length > 0);
    assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0);
    await signIn(page);
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('curator')).length), 0,
      'the key is never in localStorage');
    await checkA11y(page, 'curate: resources');

    await page.click('a[data-view-link=edit]');
    await page.waitForSelector('#view-edit:not([hidden]) #f-title');
    // Live validation: the server's messages, at the field.
    await page.fill('#f-title', 'Sample Workspace Guide to Evidence Lockers');
    await page.fill('#f-published', '2023-02-30');
    await page.waitForFunction(() => /2023-02-30/.test(document.getElementById('err-published').textContent));
    assert.equal(await page.getAttribute('#f-published', 'aria-invalid'), 'true');
    assert.match(await page.textContent('#problems-list'), /Summary|summary/);
    await checkA11y(page, 'curate: editor with problems');
    await page.fill('#f-published', '2023-02-28');
    await page.fill('#f-summary', 'Sample data: how a small agency keeps evidence lockers in order.');
    await page.selectOption('#f-type', 'guide');
    await page.check('#f-focus_areas input[value=gun-violence]');
    await page.fill('#f-body', '## Lockers\n\nSample data written for the browser test: zyxlocker routine.\n');
    await page.waitForFunction(() => document.querySelector('#preview h2') && document.querySelector('#preview h2').textContent === 'Lockers');
    await page.waitForFunction(() => document.getElementById('problems').hidden);
    await page.click('#save');
    await page.waitForFunction(() => /is live/.test(document.getElementById('save-status').textContent));
    const id = 'sample-workspace-guide-to-evidence-lockers';
    assert.equal(new URL(page.url()).hash, '#edit=' + id);
    assert.deepEqual(await search('zyxlocker'), [id]);
    // Found in the workspace's own list too, with its filters.
    await page.click('a[data-view-link=list]');
    await page.waitForSelector('#view-list:not([hidden])');
    await page.fill('#list-q', 'zyxlocker');
    await page.selectOption('#list-type', 'guide');
    await page.selectOption('#list-area', 'gun-violence');
    await page.click('#list-form button[type=submit]');
    await page.waitForFunction(() => /^1 resource for “zyxlocker”/.test(document.getElementById('list-count').textContent));
    assert.equal(await page.locator('#list-results li').count(), 1);
    await page.click(`#list-results a[href="#edit=${id}"]`);
    await page.waitForFunction(() => document.getElementById('f-title').value === 'Sample Workspace Guide to Evidence Lockers');
    assert.equal(await page.getAttribute('#view-public', 'href'), 'resource.html?id=' + id);
    // "View as the public sees it": the resource page, in a new tab.
    const [publicPage] = await Promise.all([page.waitForEvent('popup'), page.click('#view-public')]);
    await publicPage.waitForFunction(() => document.getElementById('resource-title').textContent.length > 0);
    assert.equal(await publicPage.textContent('#resource-title'), 'Sample Workspace Guide to Evidence Lockers');
    await publicPage.close();

    // Edit: the title changes, the file keeps the rest.
    await page.fill('#f-title', 'Sample Workspace Guide to Evidence Lockers, Revised');
    await page.click('#save');
    await page.waitForFunction(() => /change is live/.test(document.getElementById('save-status').textContent));
    assert.match((await sourceOf(id)).text, /title: "Sample Workspace Guide to Evidence Lockers, Revised"/);

    // Delete (this resource has no referrers, so no 409).
    await page.click('#delete');
    await checkA11y(page, 'curate: delete question');
    await page.click('#delete-confirm');
    await page.waitForSelector('#view-list:not([hidden])');
    assert.equal((await sourceOf(id)).status, 404);
    assert.deepEqual(await search('zyxlocker'), []);
    // "Recently changed by me": the create, the update and the delete, newest first.
    // The list may still show an earlier render (the create alone): wait for the delete itself.
    await page.waitForSelector(`#recent-list li:has-text("${id} delete by alice")`);
    assert.deepEqual((await page.$$eval('#recent-list li', (li) => li.map((x) => x.textContent))).slice(0, 3)
      .map((t) => t.replace(/, \d{4}-.*$/, '')), [`${id} delete by alice`, `${id} update by alice`, `${id} create by alice`]);

    // The audit log shows the changes, with a diff.
    await page.click('a[data-view-link=audit]');
    await page.waitForSelector('#audit-rows tr');
    await checkA11y(page, 'curate: audit log');
    await page.click('#audit-rows tr:has-text("update") button');
    await page.waitForSelector('#audit-diff-box:not([hidden])');
    assert.match(await page.textContent('#audit-diff del'), /Evidence Lockers"/);
    assert.match(await page.textContent('#audit-diff ins'), /Revised/);
    // A delete shows the whole text that went.
    await page.click('#audit-rows tr:has-text("delete") button');
    await page.waitForFunction(() => /: delete by alice/.test(document.getElementById('audit-diff-heading').textContent));
    assert.match(await page.textContent('#audit-diff'), /- title: "Sample Workspace Guide to Evidence Lockers, Revised"/);
    assert.equal(await page.locator('#audit-diff ins').count(), 0);

    // Sign out forgets the key.
    await page.click('#sign-out');
    await page.waitForSelector('#view-signin:not([hidden])');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page);
    await page.goto(base + 'curate#new');
    await page.waitForSelector('#view-edit:not([hidden]) #f-title');
    await fitsThePhone(page);
    await checkA11y(page, 'curate: editor on a phone');
    assertNoPageErrors(page);
    await page.close();
  });

  it('keeps fields the form does not know, and comments', async () => {
    const id = 'sample-unknown-fields-kept';
    await putSource(id, `---
# Sample data for the browser test.
title: "Sample: Unknown Fields Are Kept"
summary: "Sample data."
type: guide
focus_areas: [gun-violence]
internal_note: "ask the records unit"
review:
  due: 2030-01-01
---
Body text.
`);
    const page = await newPage(browser);
    await signIn(page);
    await page.goto(base + 'curate#edit=' + id);
    await page.waitForFunction(() => document.getElementById('f-title').value.includes('Unknown'));
    assert.match(await page.textContent('#edit-source-note'), /internal_note, review/);
    await page.fill('#f-title', 'Sample: Unknown Fields Are Kept, Edited');
    await page.click('#save');
    await page.waitForFunction(() => /change is live/.test(document.getElementById('save-status').textContent));
    const { text } = await sourceOf(id);
    assert.match(text, /^---\n# Sample data for the browser test\.\ntitle: "Sample: Unknown Fields Are Kept, Edited"\n/);
    assert.match(text, /internal_note: "ask the records unit"\nreview:\n {2}due: 2030-01-01\n---\nBody text\.\n$/);
    await page.close();
  });

  it('edits evidence ratings through the form: add, validate at the field, save, show publicly, remove', async () => {
    const id = 'sample-evidence-form-program';
    await putSource(id, `---
title: "Sample: Evidence Form Program"
summary: "Sample data: a fictional program for the evidence form test."
type: program
focus_areas: [gun-violence]
internal_note: "kept by the form"
---
Sample data body.
`);
    const page = await newPage(browser);
    await signIn(page);
    await page.goto(base + 'curate#edit=' + id);
    await page.waitForFunction(() => document.getElementById('f-title').value.includes('Evidence Form'));
    await page.waitForSelector('#field-evidence:not([hidden]) #f-evidence');
    // Offered for the types the taxonomy API marks rated, not for the others.
    await page.selectOption('#f-type', 'guide');
    await page.waitForSelector('#field-evidence[hidden]', { state: 'attached' });
    await page.selectOption('#f-type', 'program');
    await page.waitForSelector('#field-evidence:not([hidden]) #f-evidence');
    assert.equal(await page.locator('#f-evidence .evidence-rating').count(), 0);
    // A rating without its outcome: the server's message at the outcome select.
    await page.click('#evidence-add');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-evidence-0-outcome');
    await page.selectOption('#f-evidence-0-rating', 'promising');
    await page.selectOption('#f-evidence-0-evidence_base', 'single-study');
    await page.fill('#f-evidence-0-rated_by', 'Sample Form Panel (fictional)');
    await page.fill('#f-evidence-0-date', '2024-05');
    await page.waitForFunction(() => /required field is missing/.test(document.getElementById('err-evidence-0-outcome').textContent));
    assert.equal(await page.getAttribute('#f-evidence-0-outcome', 'aria-invalid'), 'true');
    assert.match(await page.textContent('#problems-list'), /Rating 1: Outcome/);
    await checkA11y(page, 'curate: evidence section with a problem');
    await page.selectOption('#f-evidence-0-outcome', 'community-trust');
    await page.fill('#f-evidence-0-url', 'https://example.org/sample-ratings/form');
    await page.check('#f-evidence-emmie input[value=effect]');
    await page.check('#f-evidence-sample_data');
    await page.waitForFunction(() => !document.querySelector('#view-edit [aria-invalid]'));  // internal_note: a warning only
    await page.click('#save');
    await page.waitForFunction(() => /change is live/.test(document.getElementById('save-status').textContent));
    const { text } = await sourceOf(id);
    assert.match(text, /internal_note: "kept by the form"\n/);
    assert.match(text, new RegExp(['evidence:', '  sample_data: true', '  ratings:', '    - outcome: community-trust',
      '      rating: promising', '      evidence_base: single-study', '      rated_by: "Sample Form Panel \\(fictional\\)"',
      '      url: "https://example.org/sample-ratings/form"', '      date: 2024-05', '  emmie: \\[effect\\]', '---'].join('\n')));
    // The public page shows the rating.
    const publicPage = await newPage(browser);
    await publicPage.goto(base + 'resource.html?id=' + id);
    await publicPage.waitForSelector('#resource-evidence:not([hidden]) #evidence-list li');
    const shown = await publicPage.textContent('#evidence-list');
    assert.match(shown, /Community trust/);
    assert.match(shown, /Promising/);
    assert.match(shown, /Sample Form Panel/);
    assert.equal(await publicPage.isVisible('#evidence-sample'), true);
    await publicPage.close();
    // Reopened, the form shows the saved block; a second rating, then the first removed.
    await page.reload();
    await page.waitForFunction(() => document.getElementById('f-evidence-0-outcome')?.value === 'community-trust');
    await page.click('#evidence-add');
    await page.selectOption('#f-evidence-1-outcome', 'violent-crime');
    await page.selectOption('#f-evidence-1-rating', 'mixed');
    await page.selectOption('#f-evidence-1-evidence_base', 'meta-analysis');
    await page.fill('#f-evidence-1-rated_by', 'Second Sample Panel (fictional)');
    await page.fill('#f-evidence-1-date', '2025');
    await page.click('#f-evidence button[data-remove="0"]');
    assert.equal(await page.inputValue('#f-evidence-0-outcome'), 'violent-crime');
    await page.setViewportSize({ width: 390, height: 844 });
    await fitsThePhone(page);
    await checkA11y(page, 'curate: evidence section on a phone');
    await page.waitForFunction(() => !document.querySelector('#view-edit [aria-invalid]'));  // internal_note: a warning only
    await page.click('#save');
    await page.waitForFunction(() => /change is live/.test(document.getElementById('save-status').textContent));
    const after = (await sourceOf(id)).text;
    assert.match(after, /ratings:\n {4}- outcome: violent-crime\n {6}rating: mixed\n/);
    assert.doesNotMatch(after, /community-trust/);
    assertNoPageErrors(page);
    await page.close();
  });

  it('keeps an evidence block it does not change exactly as written, comments included', async () => {
    const page = await newPage(browser);
    await signIn(page);
    const id = 'focused-deterrence-practice-profile';
    const { text } = await sourceOf(id);
    const block = /\nevidence:\n(?: .*\n)+/.exec(text)[0];
    await page.goto(base + 'curate#edit=' + id);
    await page.waitForFunction(() => document.getElementById('f-evidence-0-outcome')?.value);
    await page.waitForFunction((b) => document.getElementById('markdown-out').textContent.includes(b), block);
    await page.close();
  });

  it('saves only what the curator changed: other fields keep their quotes, spacing and lists', async () => {
    const id = 'sample-kept-as-written';
    const front = [
      'title: \'Sample: Kept As Written\'',
      'summary: "Sample data: fields the form does not change stay as written."',
      'type: guide',
      'focus_areas:',
      '  - gun-violence',
      '  - community-engagement',
      'keywords: [ "street outreach",  violence interruption ]  # as a curator typed it',
      'published: "2024-05"',
    ];
    await putSource(id, `---\n${front.join('\n')}\n---\nFirst text.\n`);
    const page = await newPage(browser);
    await signIn(page);
    await page.goto(base + 'curate#edit=' + id);
    await page.waitForFunction(() => document.getElementById('f-title').value.includes('Kept As Written'));
    await page.fill('#f-body', 'Second text.\n');
    await page.click('#save');
    await page.waitForFunction(() => /change is live/.test(document.getElementById('save-status').textContent));
    const after = (await sourceOf(id)).text;
    for (const line of front) assert.ok(after.includes(line + '\n'), `kept as written: ${line}\n---\n${after}`);
    assert.match(after, /\nSecond text\.\n$/);
    // A changed field is written in the form's own way.
    await page.fill('#f-keywords', 'street outreach, hospital programs');
    await page.click('#save');
    let changed = '';
    for (let i = 0; i < 100 && !/hospital programs/.test(changed); i++) {
      changed = (await sourceOf(id)).text;
      if (!/hospital programs/.test(changed)) await new Promise((r) => setTimeout(r, 100));
    }
    assertNoPageErrors(page);
    await page.close();
    assert.match(changed, /\nkeywords: \["street outreach", "hospital programs"\]\n/);
    assert.ok(changed.includes(front[0] + '\n'), 'the title still as written');
  });

  it('shows the second of two curators what changed, and reloads', async () => {
    const id = 'sample-two-curators';
    await putSource(id, '---\ntitle: "Sample: Two Curators"\nsummary: "Sample data."\ntype: guide\nfocus_areas: [gun-violence]\n---\nFirst text.\n');
    const alice = await newPage(browser);
    await signIn(alice, 'alice');
    await alice.goto(base + 'curate#edit=' + id);
    await alice.waitForFunction(() => document.getElementById('f-title').value.includes('Two Curators'));
    const bob = await newPage(browser);
    await signIn(bob, 'bob');
    await bob.goto(base + 'curate#edit=' + id);
    await bob.waitForFunction(() => document.getElementById('f-title').value.includes('Two Curators'));
    await alice.fill('#f-body', 'Text by Alice.\n');
    await alice.click('#save');
    await alice.waitForFunction(() => /change is live/.test(document.getElementById('save-status').textContent));
    await bob.fill('#f-body', 'Text by Bob.\n');
    await bob.click('#save');
    await bob.waitForSelector('#conflict:not([hidden])');
    assert.match(await bob.textContent('#conflict-diff del'), /Text by Alice/);
    assert.match(await bob.textContent('#conflict-diff ins'), /Text by Bob/);
    await checkA11y(bob, 'curate: conflict view');
    assert.match((await sourceOf(id)).text, /Text by Alice/, "Bob's save did not overwrite Alice's");
    await bob.click('#conflict-reload');
    assert.equal(await bob.inputValue('#f-body'), 'Text by Alice.\n');
    // Bob's "recently changed by me" has his own change only; "by anyone" has Alice's too.
    await bob.click('a[data-view-link=list]');
    await bob.waitForSelector(`#recent-list li:has-text("${id}")`);
    const recent = async () => bob.$$eval('#recent-list li', (li) => li.map((x) => x.textContent));
    assert.ok((await recent()).some((t) => t.startsWith(`${id} update by bob`)));
    assert.ok((await recent()).every((t) => !/ by alice, /.test(t)), 'by me: none of Alice\'s changes');
    await bob.click('#recent-all');
    await bob.waitForSelector('#recent-all[aria-pressed=true]');
    await bob.waitForSelector(`#recent-list li:has-text("${id} update by alice")`);
    await checkA11y(bob, 'curate: recently changed by anyone');
    assertNoPageErrors(alice);
    await alice.close();
    await bob.close();
  });

  it('picks related resources by searching their titles, with the keyboard', async () => {
    await putSource('sample-quokka-lantern-guide', '---\ntitle: "Sample: Quokka Lantern Guide"\nsummary: "Sample data."\ntype: guide\nfocus_areas: [gun-violence]\n---\nText.\n');
    await putSource('sample-quokka-lantern-checklist', '---\ntitle: "Sample: Quokka Lantern Checklist"\nsummary: "Sample data."\ntype: guide\nfocus_areas: [gun-violence]\n---\nText.\n');
    await putSource('sample-quokka-guia-de-linternas', '---\ntitle: "Muestra: Quokka, guía de linternas"\nsummary: "Datos de muestra."\ntype: guide\nfocus_areas: [gun-violence]\nlanguage: es\n---\nTexto.\n');
    const page = await newPage(browser);
    await signIn(page);
    await page.goto(base + 'curate#new');
    await page.waitForSelector('#view-edit:not([hidden]) #f-title');
    await page.fill('#f-title', 'Sample Related Picker Page');
    await page.fill('#f-summary', 'Sample data: a page whose related resources are picked by searching.');
    await page.selectOption('#f-type', 'guide');
    await page.check('#f-focus_areas input[value=gun-violence]');
    await page.fill('#f-body', 'Sample text.\n');
    // A few words, then Down and Enter: the chosen title becomes a chip; the id goes in the file.
    await page.focus('#f-related');
    await page.keyboard.type('quokka lantern gui');
    await page.waitForSelector('#related-options:not([hidden]) [role=option]:has-text("Quokka Lantern Guide")');
    assert.equal(await page.getAttribute('#f-related', 'aria-expanded'), 'true');
    await checkA11y(page, 'curate: related picker open');
    const options = await page.$$eval('#related-options [role=option] .text', (n) => n.map((x) => x.textContent));
    const guide = options.indexOf('Sample: Quokka Lantern Guide');
    for (let i = 0; i <= guide; i += 1) await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('#f-related', 'aria-activedescendant'), `related-options-${guide}`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#related-chips button:has-text("Quokka Lantern Guide")');
    assert.equal(await page.inputValue('#f-related'), '', 'the search is cleared for the next pick');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-related');
    assert.equal(await page.textContent('#save-status'), '', 'Enter picked; it did not save');
    // The second by mouse; the one already chosen is not offered again.
    await page.keyboard.type('quokka lantern');
    await page.waitForSelector('#related-options:not([hidden]) [role=option]:has-text("Checklist")');
    assert.equal(await page.locator('#related-options [role=option]:has-text("Quokka Lantern Guide")').count(), 0);
    await page.click('#related-options [role=option]:has-text("Checklist")');
    await page.waitForFunction(() => document.querySelectorAll('#related-chips button').length === 2);
    await page.waitForFunction(() => /related: \[sample-quokka-lantern-guide, sample-quokka-lantern-checklist\]/.test(document.getElementById('markdown-out').textContent));
    // Remove the checklist again with the keyboard (Tab to its chip, Enter).
    await page.focus('#related-chips button[data-id=sample-quokka-lantern-checklist]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#related-chips button').length === 1);
    await checkA11y(page, 'curate: related chips');
    // Translations are picked the same way.
    await page.focus('#f-translations');
    await page.keyboard.type('quokka linterna');
    await page.waitForSelector('#translations-options:not([hidden]) [role=option]:has-text("Guía de linternas")');
    await page.click('#translations-options [role=option]:has-text("Guía de linternas")');
    await page.waitForSelector('#translations-chips button[data-id=sample-quokka-guia-de-linternas]');
    await page.waitForFunction(() => /\ntranslations: \[sample-quokka-guia-de-linternas\]\n/.test(document.getElementById('markdown-out').textContent));
    await page.waitForFunction(() => document.getElementById('problems').hidden);
    await page.click('#save');
    await page.waitForFunction(() => /is live/.test(document.getElementById('save-status').textContent));
    const id = 'sample-related-picker-page';
    assert.match((await sourceOf(id)).text, /\nrelated: \[sample-quokka-lantern-guide\]\ntranslations: \[sample-quokka-guia-de-linternas\]\n/);
    // Opened again, the stored id shows as its title.
    await page.goto(base + 'curate#list');
    await page.waitForSelector('#view-list:not([hidden])');
    await page.goto(base + 'curate#edit=' + id);
    await page.waitForSelector('#related-chips button[data-id=sample-quokka-lantern-guide]:has-text("Sample: Quokka Lantern Guide")');
    assertNoPageErrors(page);
    await page.close();
  });

  it('lists the real referrers of a 409, cancels, then deletes anyway', async () => {
    const id = 'sample-referred-to';
    await putSource(id, '---\ntitle: "Sample: Referred To"\nsummary: "Sample data."\ntype: guide\nfocus_areas: [gun-violence]\n---\nText.\n');
    await putSource('sample-referring', `---\ntitle: "Sample: Referring Page"\nsummary: "Sample data."\ntype: guide\nfocus_areas: [gun-violence]\nrelated: [${id}]\n---\nText.\n`);
    const page = await newPage(browser);
    await signIn(page);
    await page.goto(base + 'curate#edit=' + id);
    await page.waitForFunction(() => document.getElementById('f-title').value.includes('Referred'));
    const deletes = [];
    page.on('request', (r) => { if (r.method() === 'DELETE') deletes.push(new URL(r.url()).search); });
    await page.click('#delete');
    await page.click('#delete-confirm');
    // The server's own 409: {"error": {"code": "referenced", ..., "referrers": [...]}}.
    await page.waitForSelector('#referrers:not([hidden])');
    assert.deepEqual(await page.$$eval('#referrers-list li', (li) => li.map((x) => x.textContent)),
      ['Sample: Referring Page (resource sample-referring)']);
    assert.equal(await page.getAttribute('#referrers-list a', 'href'), '#edit=sample-referring');
    assert.equal(await page.textContent('#delete-confirm'), 'Delete anyway');
    await checkA11y(page, 'curate: delete with referrers');
    // Cancel: nothing is deleted.
    await page.click('#delete-cancel');
    assert.equal(await page.isHidden('#delete-panel'), true);
    assert.equal((await sourceOf(id)).status, 200);
    assert.match((await sourceOf('sample-referring')).text, /related: \[sample-referred-to\]/);
    // Again, and this time anyway: the referrer is rewritten without the id.
    await page.click('#delete');
    await page.click('#delete-confirm');
    await page.waitForSelector('#referrers:not([hidden])');
    await page.click('#delete-confirm');
    await page.waitForSelector('#view-list:not([hidden])');
    assert.deepEqual(deletes, ['', '', '?force=true']);
    assert.equal((await sourceOf(id)).status, 404);
    assert.doesNotMatch((await sourceOf('sample-referring')).text, /sample-referred-to/);
    assertNoPageErrors(page);
    await page.close();
  });
});

async function submitSuggestion(title) {
  const form = await (await fetch(`${base}api/v1/suggestions/form`)).json();
  await new Promise((resolve) => setTimeout(resolve, 1100));  // at least 1 s on the form
  const res = await fetch(`${base}api/v1/suggestions`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title, url: 'https://example.org/sample-declined', why: 'Sample data.', form_token: form.form_token }),
  });
  assert.equal(res.status, 201);
  return res.json();
}

describe('suggestions from the public', () => {
  it('is declined with a reason that its sender sees; the review pages fit a phone', async () => {
    const sent = await submitSuggestion('Sample Suggestion Not Taken');
    const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
    await signIn(page);
    await fitsThePhone(page);
    await page.click('a[data-view-link=suggestions]');
    const item = '#suggestions-list li:has-text("Sample Suggestion Not Taken")';
    await page.waitForSelector(item);
    await page.click(`${item} button:text-is("Decline…")`);
    await page.waitForSelector(`${item} textarea`);
    // No reason: refused in the page, nothing sent.
    await page.click(`${item} button[type=submit]`);
    await page.waitForSelector(`${item} [role=status]:has-text("Write a reason first")`);
    await checkA11y(page, 'curate: decline form');
    await fitsThePhone(page);
    await page.fill(`${item} textarea`, 'Sample reason: we list free resources only.');
    await page.click(`${item} button[type=submit]`);
    await page.waitForSelector(item, { state: 'detached' });
    await page.selectOption('#suggestions-status', 'declined');
    await page.waitForSelector(`${item}:has-text("Reason: Sample reason")`);
    await page.click('a[data-view-link=audit]');
    await page.waitForSelector('#audit-rows tr:has-text("suggestion declined")');
    await fitsThePhone(page);
    await checkA11y(page, 'curate: audit log on a phone');

    const status = await newPage(browser);
    await status.goto(`${base}suggestion.html?id=${sent.id}#token=${sent.token}`);
    await status.waitForSelector('#st-card:not([hidden])');
    assert.match(await status.textContent('#st-state'), /decided not to add it/);
    assert.equal(await status.textContent('#st-reason'), "The curator's reason: Sample reason: we list free resources only.");
    assertNoPageErrors(page);
    assertNoPageErrors(status);
    await page.close();
    await status.close();
  });

  it('is sent from the public form, accepted by a curator and published', async () => {
    const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(base + 'suggest.html');
    await checkA11y(page, 'suggest: form');
    await page.fill('#s-title', 'Sample Suggested Guide to Quiet Streets');
    await page.fill('#s-url', 'https://example.org/sample-quiet-streets');
    await page.fill('#s-why', 'Sample data: it helps neighbourhood groups.');
    await page.waitForTimeout(1100);  // the form must stay open at least 1 s in this test server
    await page.click('#s-send');
    await page.waitForSelector('#s-done:not([hidden])');
    await fitsThePhone(page);
    await checkA11y(page, 'suggest: sent');
    const link = await page.getAttribute('#s-link', 'href');
    assert.match(link, /^suggestion\.html\?id=[\w-]{12}#token=[\w-]{43}$/);
    await page.goto(base + link);
    await page.waitForSelector('#st-card:not([hidden])');
    assert.match(await page.textContent('#st-state'), /Waiting/);
    await checkA11y(page, 'suggestion: status');

    const curatorPage = await newPage(browser);
    await signIn(curatorPage);
    await curatorPage.click('a[data-view-link=suggestions]');
    await curatorPage.waitForSelector('#suggestions-list li');
    await checkA11y(curatorPage, 'curate: suggestions');
    await curatorPage.click('#suggestions-list li:has-text("Quiet Streets") button:has-text("Accept")');
    await curatorPage.waitForFunction(() => document.getElementById('f-title').value === 'Sample Suggested Guide to Quiet Streets');
    assert.equal(await curatorPage.inputValue('#f-url'), 'https://example.org/sample-quiet-streets');
    await curatorPage.selectOption('#f-type', 'guide');
    await curatorPage.check('#f-focus_areas input[value=gun-violence]');
    await curatorPage.click('#save');
    await curatorPage.waitForFunction(() => /published/.test(document.getElementById('save-status').textContent));

    await page.reload();
    await page.waitForSelector('#st-card:not([hidden])');
    assert.match(await page.textContent('#st-state'), /in the library now/);
    assert.equal(await page.getAttribute('#st-resource-link', 'href'), 'resource.html?id=sample-suggested-guide-to-quiet-streets');
    assertNoPageErrors(page);
    assertNoPageErrors(curatorPage);
    await page.close();
    await curatorPage.close();
  });
});
