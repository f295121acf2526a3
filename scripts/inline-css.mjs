#!/usr/bin/env node
// Copies web/css/site.css into every public page's <style data-inline="css/site.css"> and puts the
// copy's sha256 in the page's Content-Security-Policy (style-src), so the pages need no stylesheet
// request before their first paint (measured: benchmarks/RESULTS.md, "Web page paint time on a slow
// phone", run 3). css/site.css stays the one source: edit it, then run
//   node scripts/inline-css.mjs           (rewrites the pages; idempotent)
//   node scripts/inline-css.mjs --check   (changes nothing; exit 1 if a page's copy is stale)
// tests/browser/modules.test.mjs fails while a copy or its hash is stale. A page that still links
// the stylesheet (<link rel="stylesheet" href="css/site.css">) is converted; curate.html (the
// curators' workspace, not a public page) keeps its link.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = process.env.CH_WEB_DIR || path.join(root, 'web');
const SOURCE = 'css/site.css';
const KEEP_LINK = new Set(['curate.html']);
const check = process.argv.includes('--check');

const css = fs.readFileSync(path.join(web, SOURCE), 'utf8');
const hash = `'sha256-${crypto.createHash('sha256').update(css, 'utf8').digest('base64')}'`;
const block = `<style data-inline="${SOURCE}">${css}</style>`;

// The page with the inlined copy (placed after the head's scripts and preloads, so that they are
// read, and their requests start, before the stylesheet's bytes have arrived) and its hash.
export function inlined(html) {
  let out = html;
  const link = `<link rel="stylesheet" href="${SOURCE}">\n`;
  if (out.includes(link)) out = out.replace(link, '');
  const existing = /<style data-inline="css\/site\.css">[\s\S]*?<\/style>/;
  if (existing.test(out)) out = out.replace(existing, () => block);
  else out = out.replace('</head>', () => `${block}\n</head>`);
  // style-src 'self' plus exactly one hash: the current copy's.
  out = out.replace(/style-src 'self'(?: 'sha256-[A-Za-z0-9+/=]+')*;/, () => `style-src 'self' ${hash};`);
  return out;
}

let stale = 0;
for (const page of fs.readdirSync(web).filter((f) => f.endsWith('.html')).sort()) {
  if (KEEP_LINK.has(page)) continue;
  const file = path.join(web, page);
  const html = fs.readFileSync(file, 'utf8');
  if (!html.includes(`href="${SOURCE}"`) && !html.includes(`data-inline="${SOURCE}"`)) continue;
  const next = inlined(html);
  if (next === html) continue;
  stale += 1;
  if (check) console.log(`${page}: the inlined ${SOURCE} or its hash is stale`);
  else fs.writeFileSync(file, next);
}
if (check && stale) process.exit(1);
if (!check) console.log(stale ? `updated ${stale} page(s)` : 'every page is current');
