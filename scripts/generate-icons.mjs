// Draws the app's icons from the same shape as app/icon.svg (the accent square with a white ring, the "O"
// of Opsdesk): app/apple-icon.png (180 px, square: iOS rounds it) and app/favicon.ico (32 px, rounded).
// No image library: a 4×4-supersampled rasteriser and a minimal PNG encoder. Run: node scripts/generate-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const ACCENT = [0x2b, 0x58, 0xd6]; // --color-accent-600, oklch(0.51 0.2 265)
const root = path.resolve(import.meta.dirname, '..');

/** Coverage of the icon at a point of the 32-unit design square: [background alpha, ring alpha]. */
function shapeAt(x, y, corner) {
  const inSquare = (() => {
    const cx = Math.min(Math.max(x, corner), 32 - corner);
    const cy = Math.min(Math.max(y, corner), 32 - corner);
    return corner === 0 || (x - cx) ** 2 + (y - cy) ** 2 <= corner ** 2;
  })();
  const distance = Math.hypot(x - 16, y - 16);
  const inRing = Math.abs(distance - 7.5) <= 1.75;
  return [inSquare ? 1 : 0, inSquare && inRing ? 1 : 0];
}

function render(size, corner) {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let fill = 0;
      let ring = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [f, r] = shapeAt(((px + (sx + 0.5) / samples) / size) * 32, ((py + (sy + 0.5) / samples) / size) * 32, corner);
          fill += f;
          ring += r;
        }
      }
      fill /= samples * samples;
      ring /= samples * samples;
      const white = fill > 0 ? ring / fill : 0;
      const offset = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[offset + c] = Math.round(ACCENT[c] * (1 - white) + 255 * white);
      pixels[offset + 3] = Math.round(255 * fill);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** An .ico holding one PNG image (every current browser reads it). */
function ico(size, image) {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, image]);
}

fs.writeFileSync(path.join(root, 'app/apple-icon.png'), png(180, render(180, 0)));
fs.writeFileSync(path.join(root, 'app/favicon.ico'), ico(32, png(32, render(32, 7))));
console.log('wrote app/apple-icon.png and app/favicon.ico');
