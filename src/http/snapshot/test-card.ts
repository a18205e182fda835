import jpeg from "jpeg-js";
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from "./font-5x7.js";

export interface TestCard {
  readonly width: number;
  readonly height: number;
  /** Text lines drawn in the lower band, top to bottom (model, name, channel, time …). */
  readonly lines: readonly string[];
}

/** 75 % colour bars, left to right: white, yellow, cyan, green, magenta, red, blue. */
const BARS: readonly (readonly [number, number, number])[] = [
  [191, 191, 191],
  [191, 191, 0],
  [0, 191, 191],
  [0, 191, 0],
  [191, 0, 191],
  [191, 0, 0],
  [0, 0, 191],
];
const BAND = Buffer.from([16, 16, 16, 255]);
const INK = Buffer.from([235, 235, 235, 255]);
/** Quality of the encoder (0–100): close to what cameras' snapshots use, and quick to encode. */
export const JPEG_QUALITY = 75;

/** The test card as a baseline JPEG (jpeg-js, a maintained pure-JS encoder), on this thread. */
export function testCardJpeg(card: TestCard): Buffer {
  return jpeg.encode({ data: testCardPixels(card), width: card.width, height: card.height }, JPEG_QUALITY).data;
}

/**
 * RGBA pixels: colour bars over the upper two thirds, a dark band below with the lines in a
 * 5×7 bitmap font scaled to fit. Rows are filled by copying, so a 4 MP card takes a few ms here;
 * encoding is the cost (jpeg-worker.ts; README "Snapshots and the alert stream").
 */
export function testCardPixels({ width, height, lines }: TestCard): Buffer {
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  const barsHeight = Math.floor((height * 2) / 3);
  const row = Buffer.alloc(stride);
  for (let x = 0; x < width; x++) {
    const [r, g, b] = BARS[Math.min(BARS.length - 1, Math.floor((x * BARS.length) / width))] ?? [0, 0, 0];
    row[x * 4] = r;
    row[x * 4 + 1] = g;
    row[x * 4 + 2] = b;
    row[x * 4 + 3] = 255;
  }
  for (let y = 0; y < barsHeight; y++) row.copy(pixels, y * stride);
  pixels.fill(BAND, barsHeight * stride);
  drawLines(pixels, width, height, barsHeight, lines);
  return pixels;
}

/** Centres the lines in the band below the bars at the largest whole scale that fits. */
function drawLines(pixels: Buffer, width: number, height: number, top: number, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const longest = Math.max(...lines.map((l) => l.length), 1);
  // A character cell is the glyph plus one column of spacing; a line the glyph plus two rows.
  const cellW = GLYPH_WIDTH + 1;
  const cellH = GLYPH_HEIGHT + 2;
  const scale = Math.max(1, Math.min(Math.floor((width * 0.9) / (longest * cellW)), Math.floor((height - top) / (lines.length * cellH + 1))));
  const blockHeight = lines.length * cellH * scale;
  let y = top + Math.max(0, Math.floor((height - top - blockHeight) / 2)) + scale;
  for (const line of lines) {
    let x = Math.max(0, Math.floor((width - line.length * cellW * scale) / 2));
    for (const char of line) {
      drawGlyph(pixels, width, height, x, y, scale, glyph(char));
      x += cellW * scale;
    }
    y += cellH * scale;
  }
}

function drawGlyph(pixels: Buffer, width: number, height: number, left: number, top: number, scale: number, rows: readonly string[]): void {
  for (const [gy, cells] of rows.entries()) {
    for (let gx = 0; gx < cells.length; gx++) {
      if (cells[gx] !== "#") continue;
      const x0 = left + gx * scale;
      const x1 = Math.min(width, x0 + scale);
      if (x0 >= width) continue;
      for (let y = top + gy * scale; y < Math.min(height, top + (gy + 1) * scale); y++) {
        pixels.fill(INK, (y * width + x0) * 4, (y * width + x1) * 4);
      }
    }
  }
}
