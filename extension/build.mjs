// Builds the extension into dist/ (or dist-e2e/ with --test), loadable unpacked in Chromium
// and Chrome. `--test` differs in one thing only: the in-page shadow root is open, so that
// the end-to-end test's locators can reach the panel.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const test = process.argv.includes('--test');
const out = join(here, test ? 'dist-e2e' : 'dist');

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'icons'), { recursive: true });

const common = {
  bundle: true,
  target: 'chrome116',
  logLevel: 'warning',
  legalComments: 'none',
  define: { __VOIX_OPEN_SHADOW__: String(test) },
};
await build({ ...common, entryPoints: { background: 'src/background/index.ts' }, format: 'esm', outdir: out });
await build({
  ...common,
  entryPoints: {
    content: 'src/content/index.ts',
    options: 'src/options/options.ts',
    popup: 'src/popup/popup.ts',
  },
  format: 'iife',
  outdir: out,
});

const pkg = JSON.parse(await readFile(join(here, 'package.json'), 'utf8'));
const manifest = JSON.parse(await readFile(join(here, 'manifest.json'), 'utf8'));
manifest.version = pkg.version;
const sizes = [16, 32, 48, 128];
manifest.icons = Object.fromEntries(sizes.map((s) => [String(s), `icons/${s}.png`]));
manifest.action.default_icon = manifest.icons;
await writeFile(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

for (const file of ['options/options.html', 'popup/popup.html', 'options/pages.css']) {
  await copyFile(join(here, 'src', file), join(out, file.split('/')[1]));
}
for (const size of sizes) await writeFile(join(out, 'icons', `${size}.png`), icon(size));

console.log(`Voix extension built into ${out}`);

/** A violet disc with a white V, drawn here so that no binary lives in the repository. */
function icon(size) {
  const px = Buffer.alloc(size * (size * 4 + 1));
  const c = size / 2;
  const stroke = Math.max(1.2, size * 0.11);
  const segments = [
    [0.3, 0.3, 0.5, 0.72],
    [0.5, 0.72, 0.7, 0.3],
  ].map((s) => s.map((v) => v * size));
  for (let y = 0; y < size; y += 1) {
    px[y * (size * 4 + 1)] = 0; // PNG filter: none
    for (let x = 0; x < size; x += 1) {
      const [X, Y] = [x + 0.5, y + 0.5];
      const disc = Math.min(1, Math.max(0, c - Math.hypot(X - c, Y - c) + 0.5));
      const v = Math.min(...segments.map(([x1, y1, x2, y2]) => distance(X, Y, x1, y1, x2, y2)));
      const white = Math.min(1, Math.max(0, stroke / 2 - v + 0.5));
      const i = y * (size * 4 + 1) + 1 + x * 4;
      px[i] = Math.round(109 + (255 - 109) * white);
      px[i + 1] = Math.round(74 + (255 - 74) * white);
      px[i + 2] = Math.round(224 + (255 - 224) * white);
      px[i + 3] = Math.round(255 * disc);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(px)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function distance(px, py, x1, y1, x2, y2) {
  const [dx, dy] = [x2 - x1, y2 - y1];
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([len, body, crc]);
}

function crc32(buf) {
  let crc = ~0;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}
