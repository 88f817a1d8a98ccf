// Draws the Teams app icons (appPackage/color.png 192x192, appPackage/outline.png 32x32 white on
// transparent): a clock face, for statutory clocks. Run: npx tsx scripts/make-icons.ts
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

type Rgba = [number, number, number, number];

/** Coverage of a shape at (x, y) in a unit square [0,1]², supersampled 4x4 for smooth edges. */
function draw(size: number, paint: (u: number, v: number) => Rgba | null, background: Rgba): PNG {
  const png = new PNG({ width: size, height: size });
  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = paint((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size) ?? background;
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const i = (y * size + x) * 4;
      const n = S * S;
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round(a / n);
    }
  }
  return png;
}

/** Distance from point p to segment ab. */
function segment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function clock(u: number, v: number, ring: number, hand: number): boolean {
  const d = Math.hypot(u - 0.5, v - 0.5);
  if (d <= 0.36 && d >= 0.36 - ring) return true;
  if (segment(u, v, 0.5, 0.5, 0.5, 0.24) <= hand / 2) return true; // minute hand to 12
  if (segment(u, v, 0.5, 0.5, 0.68, 0.58) <= hand / 2) return true; // hour hand to 4
  return d <= hand * 0.9;
}

const WHITE: Rgba = [255, 255, 255, 255];
const TEAL: Rgba = [0, 105, 92, 255];
const TRANSPARENT: Rgba = [0, 0, 0, 0];

const color = draw(
  192,
  (u, v) => {
    const inSquare = Math.abs(u - 0.5) <= 0.5 && Math.abs(v - 0.5) <= 0.5;
    if (!inSquare) return TRANSPARENT;
    return clock(u, v, 0.07, 0.06) ? WHITE : TEAL;
  },
  TEAL,
);
writeFileSync(new URL('../appPackage/color.png', import.meta.url), PNG.sync.write(color));

const outline = draw(32, (u, v) => (clock(u, v, 0.1, 0.09) ? WHITE : null), TRANSPARENT);
writeFileSync(new URL('../appPackage/outline.png', import.meta.url), PNG.sync.write(outline));
console.log('wrote appPackage/color.png (192x192) and appPackage/outline.png (32x32)');
