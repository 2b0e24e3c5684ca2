import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { histogram, histogramSvg, histogramTable, niceStep } from '../../../src/report/html/charts.js';
import { encodePng, createImage, setPixel, encodeIndexedPng } from '../../../src/report/pictures/png.js';
import { spectrogramDb } from '../../../src/report/pictures/spectrogram.js';
import { waveformColumns } from '../../../src/report/pictures/waveform.js';

describe('histogram bins', () => {
  it('uses nice steps', () => {
    expect([0.7, 1, 1.1, 2.2, 4, 7, 0.013].map(niceStep)).toEqual([1, 1, 2, 2.5, 5, 10, 0.02]);
  });

  it('counts each value once, in [lo, hi) bins, the top edge included in the last bin', () => {
    const h = histogram([0, 1, 1.5, 2, 9.99, 10, null, NaN], { bins: 5 });
    expect(h.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.counts).toEqual([3, 1, 0, 0, 2]);
    expect(h.missing).toBe(2);
    expect(h.underflow + h.overflow).toBe(0);
  });

  it('widens the range to show the thresholds', () => {
    const h = histogram([20, 21, 22], { bins: 4, include: [10] });
    expect(h.edges[0]).toBeLessThanOrEqual(10);
    expect(h.edges[h.edges.length - 1]).toBeGreaterThanOrEqual(22);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('puts the outer 0.5 % of a large set in under/overflow', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i / 10);
    values[0] = -1e6;
    values[999] = 1e6;
    const h = histogram(values);
    expect(h.underflow).toBeGreaterThanOrEqual(1);
    expect(h.overflow).toBeGreaterThanOrEqual(1);
    expect(h.underflow + h.overflow + h.counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(h.edges[h.edges.length - 1]! - h.edges[0]!).toBeLessThan(200);
  });

  it('draws threshold lines and lists the numbers behind the bars', () => {
    const chart = { metric: 'snrDb', title: 'SNR', unit: 'dB', histogram: histogram([5, 15, 25, 25]), thresholds: [{ value: 20, label: 'min-snr ≥ 20', severity: 'error' as const }] };
    const svg = histogramSvg(chart, 'h');
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(chart.histogram.counts.length);
    expect(svg).toContain('class="limit error"');
    expect(svg).toMatch(/<desc id="h-d">SNR: 4 files/);
    const table = histogramTable(chart);
    const listed = [...table.matchAll(/<tr><td>[^<]+<\/td><td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(listed).toEqual(chart.histogram.counts);
  });
});

/** Splits a PNG into its chunks, checking each CRC. */
function chunks(png: Buffer): Map<string, Buffer> {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const found = new Map<string, Buffer>();
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)) >>> 0);
    found.set(type, Buffer.concat([found.get(type) ?? Buffer.alloc(0), data]));
    at += 12 + length;
  }
  return found;
}

describe('PNG encoder', () => {
  it('writes an RGB image whose pixels read back', () => {
    const image = createImage(3, 2, [10, 20, 30]);
    setPixel(image, 2, 1, [255, 0, 128]);
    const c = chunks(encodePng(image));
    expect(c.get('IHDR')!.readUInt32BE(0)).toBe(3);
    expect(c.get('IHDR')!.readUInt32BE(4)).toBe(2);
    const raw = inflateSync(c.get('IDAT')!);
    expect(raw.length).toBe(2 * (1 + 9));
    expect([...raw.subarray(10 + 1 + 6, 10 + 1 + 9)]).toEqual([255, 0, 128]);
    expect([...raw.subarray(1, 4)]).toEqual([10, 20, 30]);
  });

  it('writes a palette image', () => {
    const c = chunks(encodeIndexedPng(2, 1, Uint8Array.from([1, 0]), [[0, 0, 0], [9, 8, 7]]));
    expect(c.get('IHDR')![9]).toBe(3);
    expect([...c.get('PLTE')!]).toEqual([0, 0, 0, 9, 8, 7]);
    expect([...inflateSync(c.get('IDAT')!)]).toEqual([0, 1, 0]);
  });
});

describe('picture data', () => {
  it('waveform columns hold each slice’s min, max and RMS', () => {
    const samples = Float32Array.from([0.5, -0.5, 0.5, -0.5, 1, 1, 1, 1]);
    const { min, max, rms } = waveformColumns(samples, 2);
    expect([...min]).toEqual([-0.5, 1]);
    expect([...max]).toEqual([0.5, 1]);
    expect([...rms]).toEqual([0.5, 1]);
  });

  it('a 1 kHz sine is brightest in the row covering 1 kHz', () => {
    const rate = 16000;
    const samples = Float32Array.from({ length: rate }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / rate));
    const height = 80; // 100 Hz per row up to 8 kHz
    const db = spectrogramDb(samples, rate, { width: 10, height, maxHz: 8000 });
    const column = Array.from({ length: height }, (_, y) => db[y * 10 + 5]!);
    const loudest = column.indexOf(Math.max(...column));
    const rowLowHz = ((height - 1 - loudest) * 8000) / height;
    expect(rowLowHz).toBeGreaterThanOrEqual(900);
    expect(rowLowHz).toBeLessThanOrEqual(1000);
    // 40 dB and more below the peak two kilohertz away.
    expect(column[loudest]! - column[height - 1 - 30]!).toBeGreaterThan(40);
  });
});
