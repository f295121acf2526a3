// The offline search index (web/js/offline-search.js) without a browser: its words, ranking,
// filters and snippets, on records of its own. Also prints how long indexing and searching take
// for 1,000 and 10,000 generated resources (CH_OFFLINE_SEARCH_TIMING=1).
//   cd tests/browser && node --test offline_search.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { OfflineIndex, searchIndex, snippetOf, stem, termsOf, tokens } = await import(pathToFileURL(path.join(here, '..', '..', 'web', 'js', 'offline-search.js')).href);

// Sample data: fictional resources, as the offline store keeps them.
function record(id, fields, text = '') {
  const resource = Object.assign({ id, title: id, summary: '', type: 'guide', focus_areas: [], topics: [], audience: [], keywords: [], authors: [], source: '', published: '2020' }, fields);
  return { id, resource, text, bytes: 0, library: false, stored_at: 0 };
}

const RECORDS = [
  record('plates', { title: 'Model Policy: License Plate Readers', summary: 'Retention of plate reads.', type: 'policy', focus_areas: ['technology'], published: '2020-11', keywords: ['ALPR'] }, 'Reads that match no investigation are deleted after thirty days.'),
  record('greening', { title: 'Greening Vacant Lots to Reduce Violence', summary: 'Cleaning and greening lots.', type: 'fact-sheet', focus_areas: ['community'], published: '2019' }, 'Greened lots saw fewer shootings nearby.'),
  record('review', { title: 'Weekly Shooting Review', summary: 'A podcast about shooting reviews.', type: 'podcast', focus_areas: ['gun-violence'], published: '2023' }, 'Each week analysts review every shooting.'),
  record('unsafe', { title: 'Escaping test', summary: 'x', published: '2018' }, 'A body that mentions <script>alert(1)</script> and shootings & more.'),
];

const state = (over = {}) => Object.assign({ q: '', filters: { focus_area: [], topic: [], type: [], audience: [] }, from: '', to: '', sort: 'relevance', page: 1 }, over);

describe('offline search index', () => {
  const index = new OfflineIndex(RECORDS);

  it('stems plurals and endings the same way for documents and queries', () => {
    assert.equal(stem('shootings'), 'shoot');
    assert.equal(stem('policies'), 'policy');
    assert.equal(stem('greened'), 'green');
    assert.deepEqual(tokens('The Greening of Lots'), ['green', 'lot']);
  });

  it('requires every word, ranks title matches first, and treats the last word as a prefix', () => {
    const both = searchIndex(index, state({ q: 'shooting review' }));
    assert.equal(both.results[0].id, 'review', 'the title match comes first');
    assert.ok(!both.results.some((r) => r.id === 'greening'), 'every word required');
    assert.deepEqual(searchIndex(index, state({ q: 'licen' })).results.map((r) => r.id), ['plates']);
    assert.deepEqual(searchIndex(index, state({ q: 'vacant lots green' })).results.map((r) => r.id), ['greening']);
  });

  it('falls back to any word when no resource has them all', () => {
    const any = searchIndex(index, state({ q: 'podcast zebra' }));
    assert.deepEqual(any.results.map((r) => r.id), ['review']);
  });

  it('applies filters and years, and counts facets without their own filter', () => {
    const filtered = searchIndex(index, state({ filters: { focus_area: [], topic: [], type: ['podcast'], audience: [] } }));
    assert.deepEqual(filtered.results.map((r) => r.id), ['review']);
    const types = new Map(filtered.facets.type.map((v) => [v.value, v.count]));
    assert.equal(types.get('policy'), 1, 'the type facet ignores the type filter (disjunctive)');
    assert.deepEqual(searchIndex(index, state({ from: '2020', to: '2021' })).results.map((r) => r.id), ['plates']);
    assert.deepEqual(searchIndex(index, state({ sort: 'title' })).results.map((r) => r.id), ['unsafe', 'greening', 'plates', 'review']);
  });

  it('pages the results', () => {
    const second = searchIndex(index, state({ page: 2 }), { perPage: 3 });
    assert.equal(second.total, 4);
    assert.equal(second.results.length, 1);
  });

  it('escapes snippets: only <mark> tags come out', () => {
    const snippet = snippetOf(RECORDS[3], 'shootings');
    assert.ok(snippet.includes('&lt;script&gt;'), snippet);
    assert.ok(snippet.includes('&amp;'), snippet);
    assert.deepEqual([...snippet.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]).filter((t) => t !== 'mark'), []);
    assert.ok(snippet.includes('<mark>shootings</mark>'), snippet);
  });

  it('indexes and searches a large device copy quickly', () => {
    // A vocabulary of 5,000 made-up words, a few of them common (as in real text).
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const letters = 'abcdefghiklmnoprstuvw';
    const vocabulary = Array.from({ length: 5000 }, () => Array.from({ length: 4 + Math.floor(random() * 6) }, () => letters[Math.floor(random() * letters.length)]).join(''));
    const pick = () => vocabulary[Math.floor(Math.pow(random(), 2.5) * vocabulary.length)]; // skewed: some words common
    const words = (n) => Array.from({ length: n }, pick).join(' ');
    const query = [vocabulary[3], vocabulary[40], vocabulary[200]].join(' ');
    const sizes = process.env.CH_OFFLINE_SEARCH_TIMING ? [1000, 10000] : [1000];
    for (const n of sizes) {
      const records = Array.from({ length: n }, (_, i) => record(`r${i}`, { title: words(6), summary: words(25), type: 'guide' }, words(300)));
      const t0 = performance.now();
      for (const r of records) r.terms = termsOf(r); // done once per resource, when it is stored
      const t1 = performance.now();
      const big = new OfflineIndex(records);
      const t2 = performance.now();
      const answer = searchIndex(big, state({ q: query }));
      const t3 = performance.now();
      assert.ok(answer.total > 0);
      if (process.env.CH_OFFLINE_SEARCH_TIMING) {
        console.log(`# ${n} resources of ~330 words: terms when stored ${(t1 - t0).toFixed(0)} ms, ` +
          `index on the page ${(t2 - t1).toFixed(0)} ms, one search ${(t3 - t2).toFixed(1)} ms`);
      }
      assert.ok(t3 - t2 < 2000, `a search over ${n} resources took ${(t3 - t2).toFixed(0)} ms`);
    }
  });
});
