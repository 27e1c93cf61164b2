#!/usr/bin/env node
// Draws the application icon (密 on a dark red rounded square) into resources/:
//   resources/icons/<n>x<n>.png  the Linux icon set (electron-builder installs it into hicolor)
//   resources/icon.png           512 px: electron-builder's default icon for targets without their own
//   resources/icon.ico           Windows: 16 to 256 px, all uncompressed 32-bit BMP (what every reader,
//                                NSIS's included, accepts), so electron-builder converts nothing
// Run once after changing the design (`node scripts/make-icons.mjs`) and commit the output; the build
// never runs it. Needs a CJK serif font (Debian: fonts-noto-cjk).
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FONT = process.env.MISHEN_ICON_FONT ?? '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc';
const OUT = join(import.meta.dirname, '..', 'resources');
const SET = [16, 24, 32, 48, 64, 128, 256, 512];
const ICO = [16, 24, 32, 48, 64, 128, 256];

if (!existsSync(FONT) || !GlobalFonts.registerFromPath(FONT, 'IconSerif')) {
  console.error(`font not found or unreadable: ${FONT} (set MISHEN_ICON_FONT)`);
  process.exit(1);
}

/** One size drawn directly (not scaled down from a large one), so small sizes stay sharp. */
function draw(size) {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  const margin = size <= 32 ? 0 : Math.round(size * 0.04);
  const side = size - 2 * margin;
  const radius = side * 0.2;
  const bg = ctx.createLinearGradient(0, margin, 0, margin + side);
  bg.addColorStop(0, '#a3262a');
  bg.addColorStop(1, '#6e1014');
  ctx.fillStyle = bg;
  ctx.beginPath();
  ctx.roundRect(margin, margin, side, side, radius);
  ctx.fill();
  if (size >= 48) {
    // A thin inner rule, like the frame of a seal; left out where it would blur into the edge.
    const inset = margin + side * 0.07;
    ctx.strokeStyle = 'rgba(246, 226, 178, 0.55)';
    ctx.lineWidth = Math.max(1, side * 0.012);
    ctx.beginPath();
    ctx.roundRect(inset, inset, size - 2 * inset, size - 2 * inset, radius * 0.7);
    ctx.stroke();
  }
  ctx.fillStyle = '#fbf3e2';
  ctx.font = `${Math.round(side * (size <= 24 ? 0.8 : 0.64))}px IconSerif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  // The glyph's ink sits slightly above the em box's middle in this font.
  ctx.fillText('密', size / 2, size / 2 + side * 0.03);
  return canvas;
}

/** A BMP image for an ICO entry: 32-bit BGRA rows bottom-up, then an all-zero AND mask (alpha decides). */
function icoBitmap(canvas, size) {
  const rgba = canvas.getContext('2d').getImageData(0, 0, size, size).data;
  const maskRow = Math.ceil(size / 32) * 4;
  const out = Buffer.alloc(40 + size * size * 4 + maskRow * size);
  out.writeUInt32LE(40, 0);
  out.writeInt32LE(size, 4);
  out.writeInt32LE(size * 2, 8); // colour rows plus mask rows
  out.writeUInt16LE(1, 12);
  out.writeUInt16LE(32, 14);
  out.writeUInt32LE(size * size * 4 + maskRow * size, 20);
  let p = 40;
  for (let y = size - 1; y >= 0; y--) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      out[p++] = rgba[i + 2];
      out[p++] = rgba[i + 1];
      out[p++] = rgba[i];
      out[p++] = rgba[i + 3];
    }
  }
  return out;
}

function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size; // 0 means 256
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

mkdirSync(join(OUT, 'icons'), { recursive: true });
const drawn = new Map(SET.map((s) => [s, draw(s)]));
for (const [size, canvas] of drawn) writeFileSync(join(OUT, 'icons', `${size}x${size}.png`), canvas.toBuffer('image/png'));
writeFileSync(join(OUT, 'icon.png'), drawn.get(512).toBuffer('image/png'));
writeFileSync(
  join(OUT, 'icon.ico'),
  ico(ICO.map((size) => ({ size, data: icoBitmap(drawn.get(size), size) }))),
);
console.log(`icons written to ${OUT}`);
