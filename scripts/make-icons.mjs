#!/usr/bin/env node
// Renders the app icons (web/icons/*.png) from their SVG sources with Debian's Chromium (the
// browser tests' playwright-core), so no image tool needs installing. Run after changing an SVG:
//   node scripts/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');
const icons = path.join(root, 'web', 'icons');

// [source SVG, output PNG, size in pixels]
const OUTPUTS = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-192.png', 192],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
  ['icon-maskable.svg', 'apple-touch-icon.png', 180],
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const [source, output, size] of OUTPUTS) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const svg = fs.readFileSync(path.join(icons, source), 'utf8');
    await page.setContent(`<!DOCTYPE html><style>html,body{margin:0;background:transparent}img{display:block;width:${size}px;height:${size}px}</style>` +
      `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`);
    await page.waitForFunction(() => document.images[0].complete);
    await page.screenshot({ path: path.join(icons, output), omitBackground: true });
    await page.close();
    console.log(`${output}: ${size}x${size}`);
  }
} finally {
  await browser.close();
}
