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
    assert.equal(await page.getAttribute('#view-public', 'href'), 'resource.html?id=' + id);

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

    // The audit log shows the changes, with a diff.
    await page.click('a[data-view-link=audit]');
    await page.waitForSelector('#audit-rows tr');
    await checkA11y(page, 'curate: audit log');
    await page.click('#audit-rows tr:has-text("update") button');
    await page.waitForSelector('#audit-diff-box:not([hidden])');
    assert.match(await page.textContent('#audit-diff del'), /Evidence Lockers"/);
    assert.match(await page.textContent('#audit-diff ins'), /Revised/);

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
    assertNoPageErrors(alice);
    await alice.close();
    await bob.close();
  });

  it('lists the referrers of a 409 and offers to delete anyway', async () => {
    const id = 'sample-referred-to';
    await putSource(id, '---\ntitle: "Sample: Referred To"\nsummary: "Sample data."\ntype: guide\nfocus_areas: [gun-violence]\n---\nText.\n');
    const page = await newPage(browser);
    await signIn(page);
    await page.goto(base + 'curate#edit=' + id);
    await page.waitForFunction(() => document.getElementById('f-title').value.includes('Referred'));
    // The server's 409 for a referenced resource (another branch adds it), played by the test.
    let forced = null;
    await page.route(`**/api/v1/curator/resources/${id}*`, async (route) => {
      const url = new URL(route.request().url());
      if (route.request().method() !== 'DELETE') return route.continue();
      if (url.searchParams.get('force') === 'true') {
        forced = true;
        return route.continue();
      }
      return route.fulfill({
        status: 409, contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'referenced', message: 'other resources refer to it' },
          referrers: [{ kind: 'resource', id: 'nibin-lead-tracker-tool', title: 'A referring resource' },
            { kind: 'featured_toolkit', id: 'starter', title: 'A featured toolkit' }],
        }),
      });
    });
    await page.click('#delete');
    await page.click('#delete-confirm');
    await page.waitForSelector('#referrers:not([hidden])');
    assert.deepEqual(await page.$$eval('#referrers-list li', (li) => li.map((x) => x.textContent)),
      ['A referring resource (resource nibin-lead-tracker-tool)', 'A featured toolkit (featured toolkit starter)']);
    assert.equal(await page.textContent('#delete-confirm'), 'Delete anyway');
    await checkA11y(page, 'curate: delete with referrers');
    await page.click('#delete-confirm');
    await page.waitForSelector('#view-list:not([hidden])');
    assert.equal(forced, true);
    assert.equal((await sourceOf(id)).status, 404);
    await page.close();
  });
});

describe('suggestions from the public', () => {
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
