// Which modules each page loads before its first paint, and which the service worker keeps for
// offline use, read from the files themselves (no browser, no server; issue #17):
//   - every page lists, as <link rel="modulepreload">, exactly the modules its module script
//     imports statically (all of them: a module missing from the list is fetched only after the
//     module importing it arrived, a chain of round trips on a slow phone; and no others: a
//     preloaded module that the page does not import costs the first paint its bytes and a
//     connection). Modules needed later (the other language's catalogue, the suggestion list,
//     the "Compare" checkbox, the offline features) are imported with import() when needed;
//   - the service worker (web/sw.js) precaches every module any page can import, statically or
//     with import(), so the site works offline, in both languages, after one visit.
// Run by ctest (browser_offline_tests) or: cd tests/browser && node --test modules.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const WEB = process.env.CH_WEB_DIR || path.join(here, '..', '..', 'web');
const read = (rel) => fs.readFileSync(path.join(WEB, rel), 'utf8');
const resolve = (from, spec) => path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));

// The modules `file` (a path under web/) imports: top-level `import … from` / `export … from`
// statements (static), and import('…') calls with a literal path (dynamic). Comments aside.
function importsOf(file) {
  const source = read(file).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const statics = [...source.matchAll(/^(?:import|export)\b[^'";]*?\bfrom\s*'([^']+)'|^import\s*'([^']+)'/gm)]
    .map((m) => resolve(file, m[1] || m[2]));
  const dynamics = [...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => resolve(file, m[1]));
  return { statics, dynamics };
}

// Every module reachable from `roots`, through static imports only or through both kinds.
function closure(roots, { dynamic = false } = {}) {
  const seen = new Set();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const { statics, dynamics } = importsOf(file);
    queue.push(...statics, ...(dynamic ? dynamics : []));
  }
  return seen;
}

const pages = fs.readdirSync(WEB).filter((f) => f.endsWith('.html')).sort();
const attr = (html, pattern) => [...html.matchAll(pattern)].map((m) => m[1]);
const pageModules = (html) => attr(html, /<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g);
const pagePreloads = (html) => attr(html, /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g);

describe('modules loaded before the first paint', () => {
  for (const page of pages) {
    const html = read(page);
    const roots = pageModules(html);
    if (!roots.length) continue;
    it(`${page} preloads exactly the modules it imports statically`, () => {
      const needed = [...closure(roots)].sort();
      const preloaded = [...new Set(pagePreloads(html))].sort();
      assert.deepEqual({ missing: needed.filter((m) => !preloaded.includes(m)), unused: preloaded.filter((m) => !needed.includes(m)) },
        { missing: [], unused: [] },
        `${page}: missing = imported but not preloaded (a chain of requests); unused = preloaded but not imported before the first paint`);
    });
  }

  it('an English page loads no Spanish strings before its first paint, and the other way round only on demand', () => {
    for (const page of pages) {
      const roots = pageModules(read(page));
      assert.ok(!closure(roots).has('i18n/es.js'), `${page} imports i18n/es.js statically`);
    }
    assert.ok(importsOf('js/i18n.js').dynamics.includes('i18n/es.js'), 'js/i18n.js imports the Spanish catalogue on demand');
  });
});

describe('the API calls started from the page head', () => {
  // They must ask for the URLs the modules ask for, in every language of js/i18n.js (else each
  // answer is asked for twice, after the modules: quality.test.mjs checks the URLs in a browser).
  const i18n = read('js/i18n.js');
  const loaders = /const LOADERS = \{([^}]*)\}/.exec(i18n);
  const codes = ['en', ...[...loaders[1].matchAll(/(\w+):/g)].map((m) => m[1])];
  for (const page of pages) {
    const html = read(page);
    const listed = /var codes = \[([^\]]*)\]/.exec(html);
    if (!/chEarlyRequests/.test(html)) continue;
    it(`${page}'s head knows the site's languages (${codes})`, () => {
      assert.ok(listed, `${page}: var codes = [...] in its inline script`);
      assert.deepEqual([...listed[1].matchAll(/'(\w+)'/g)].map((m) => m[1]), codes);
    });
  }
});

describe('the stylesheet the server inlines in the pages', () => {
  // The server puts css/site.css into each public page as it serves it, with its hash in the
  // page's policy (server/http/inline_styles.h): the page asks for it with the marked link, keeps
  // style-src 'self' (the server adds the hash) and holds no copy of its own.
  for (const page of pages.filter((p) => p !== 'curate.html')) {
    it(`${page} marks its one stylesheet to be inlined and holds no copy`, () => {
      const html = read(page);
      const links = html.match(/<link rel="stylesheet"[^>]*>/g) || [];
      assert.deepEqual(links, ['<link rel="stylesheet" href="css/site.css" data-inline>'], `${page}: one marked stylesheet link`);
      assert.ok(!/<style/.test(html), `${page}: no inline copy of the stylesheet`);
      const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
      assert.ok(policy && /(^|; )style-src 'self';/.test(policy[1]), `${page}: a style-src the server can add the hash to`);
    });
  }
});

describe('what the service worker keeps for offline use', () => {
  const sw = read('sw.js');
  const list = (name) => {
    const m = new RegExp(`const ${name} = \\[([\\s\\S]*?)\\];`).exec(sw);
    assert.ok(m, `sw.js defines ${name}`);
    return [...m[1].replace(/\/\/.*$/gm, '').matchAll(/'([^']*)'/g)].map((x) => x[1]);
  };
  const swPages = list('PAGES').filter((p) => p.endsWith('.html'));
  const files = new Set(list('FILES'));
  // What the worker finds in the pages at install (sw.js's assetsOf: stylesheets, preloads, scripts).
  for (const page of swPages) {
    const html = read(page);
    for (const m of html.matchAll(/<(?:link|script)\b[^>]*?\b(?:href|src)="([^"#?:]+)"[^>]*>/g)) {
      if (!/rel="(?:alternate|canonical)"/.test(m[0])) files.add(m[1]);
    }
  }

  it('precaches every module a kept page can import, statically or on demand', () => {
    const roots = swPages.flatMap((page) => pageModules(read(page)));
    const reachable = [...closure(roots, { dynamic: true })].sort();
    assert.ok(reachable.includes('i18n/es.js') && reachable.includes('js/app-shell.js'), `the crawl found the on-demand modules: ${reachable}`);
    assert.deepEqual(reachable.filter((m) => !files.has(m)), [], 'modules not precached (they would fail offline): add them to FILES in sw.js');
  });

  it('precaches only files that exist', () => {
    assert.deepEqual([...files].filter((f) => !fs.existsSync(path.join(WEB, f))), []);
  });
});
