/*
 * The extractor's per-frame spectral work (extractor.ts, spectralPass) as WebAssembly: Hann-windowed real FFT
 * power spectrum, mel band sums, and the level-bucketed spectrum sums. The same algorithm as RealFft in fft.ts,
 * operation for operation (no fused multiply-add: -ffp-contract=off; the SIMD lanes are independent
 * butterflies or bins), so the results are bit-identical to the TypeScript path it replaces
 * (test/analysis/features/spectralKernel.test.ts); two lanes of f64 SIMD and no bounds checks make it
 * about 2.5× faster. Stateless: every table and accumulator is a region of linear memory laid out by
 * spectralKernel.ts. Build: npm run build:wasm (clang with the wasm32 target; the output is committed).
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define L(p) wasm_v128_load(p)
#define S(p, v) wasm_v128_store(p, v)
#define ADD wasm_f64x2_add
#define SUB wasm_f64x2_sub
#define MUL wasm_f64x2_mul

/* Regions and sizes, written by spectralKernel.ts (offsets into linear memory, all 32-bit). */
typedef struct {
  int32_t half;
  int32_t band_count;
  int32_t bucket_count;
  const uint32_t *bit_reverse;
  const double *window;
  const double *stage_cos;
  const double *stage_sin;
  const double *split_cos;
  const double *split_sin;
  const uint32_t *band_first_bin;
  /* thresholds[j - 1]: the power at which bucket j starts (j = 1 … bucket_count − 1). */
  const double *thresholds;
  double *re;
  double *im;
  double *spectrum;
  double *bucket_frames;
  double *bucket_power;
} Layout;

/* fft.ts radix4Group: spans 2 and 4 (twiddles 1 and −i) on points s … s + 3. */
static void radix4_group(double *re, double *im, int s, double r0, double i0, double r1, double i1, double r2, double i2, double r3, double i3) {
  double ar = r0 + r1, ai = i0 + i1, br = r0 - r1, bi = i0 - i1;
  double cr = r2 + r3, ci = i2 + i3, dr = r2 - r3, di = i2 - i3;
  re[s] = ar + cr; im[s] = ai + ci;
  re[s + 2] = ar - cr; im[s + 2] = ai - ci;
  re[s + 1] = br + di; im[s + 1] = bi - dr;
  re[s + 3] = br - di; im[s + 3] = bi + dr;
}

/* fft.ts laterStages: spans 8 … half in radix-2² pairs, then an odd one alone; two butterflies (k, k + 1) per SIMD step. */
static void later_stages(double *re, double *im, int half, const double *sc, const double *ss) {
  int len = 8, offset = 0;
  for (; 2 * len <= half; offset += len / 2 + len, len <<= 2) {
    int quarter = len >> 1;
    int next_offset = offset + quarter;
    for (int start = 0; start < half; start += 2 * len) {
      for (int k = 0; k < quarter; k += 2) {
        v128_t wr = L(sc + offset + k), wi = L(ss + offset + k);
        v128_t vr = L(sc + next_offset + k), vi = L(ss + next_offset + k);
        int p0 = start + k, p1 = p0 + quarter, p2 = p0 + len, p3 = p2 + quarter;
        v128_t r1 = L(re + p1), i1 = L(im + p1);
        v128_t xr = SUB(MUL(r1, wr), MUL(i1, wi));
        v128_t xi = ADD(MUL(r1, wi), MUL(i1, wr));
        v128_t r0 = L(re + p0), i0 = L(im + p0);
        v128_t t0r = ADD(r0, xr), t0i = ADD(i0, xi), t1r = SUB(r0, xr), t1i = SUB(i0, xi);
        v128_t r3 = L(re + p3), i3 = L(im + p3);
        xr = SUB(MUL(r3, wr), MUL(i3, wi));
        xi = ADD(MUL(r3, wi), MUL(i3, wr));
        v128_t r2 = L(re + p2), i2 = L(im + p2);
        v128_t t2r = ADD(r2, xr), t2i = ADD(i2, xi), t3r = SUB(r2, xr), t3i = SUB(i2, xi);
        v128_t ur = SUB(MUL(t2r, vr), MUL(t2i, vi));
        v128_t ui = ADD(MUL(t2r, vi), MUL(t2i, vr));
        S(re + p0, ADD(t0r, ur)); S(im + p0, ADD(t0i, ui));
        S(re + p2, SUB(t0r, ur)); S(im + p2, SUB(t0i, ui));
        v128_t sr = SUB(MUL(t3r, vr), MUL(t3i, vi));
        v128_t si = ADD(MUL(t3r, vi), MUL(t3i, vr));
        S(re + p1, ADD(t1r, si)); S(im + p1, SUB(t1i, sr));
        S(re + p3, SUB(t1r, si)); S(im + p3, ADD(t1i, sr));
      }
    }
  }
  if (len <= half) {
    int h = len >> 1;
    for (int start = 0; start < half; start += len) {
      for (int k = 0; k < h; k += 2) {
        v128_t wr = L(sc + offset + k), wi = L(ss + offset + k);
        int a = start + k, b = a + h;
        v128_t rb = L(re + b), ib = L(im + b);
        v128_t xr = SUB(MUL(rb, wr), MUL(ib, wi));
        v128_t xi = ADD(MUL(rb, wi), MUL(ib, wr));
        v128_t ra = L(re + a), ia = L(im + a);
        S(re + b, SUB(ra, xr)); S(im + b, SUB(ia, xi));
        S(re + a, ADD(ra, xr)); S(im + a, ADD(ia, xi));
      }
    }
  }
}

/* fft.ts splitReal: bins k, k + 1 with their partners m, m − 1 (loaded as a pair and swapped) per SIMD step. */
static void split_real(const double *re, const double *im, int half, const double *cs, const double *sn, double *out) {
  double s0 = re[0] + im[0], sh = re[0] - im[0];
  out[0] = s0 * s0;
  out[half] = sh * sh;
  int k = 1, m = half - 1;
  const v128_t h = wasm_f64x2_splat(0.5), nh = wasm_f64x2_splat(-0.5);
  for (; k + 1 < m - 1; k += 2, m -= 2) {
    v128_t ar = L(re + k), ai = L(im + k);
    v128_t br = wasm_i64x2_shuffle(L(re + m - 1), L(re + m - 1), 1, 0);
    v128_t bi = wasm_i64x2_shuffle(L(im + m - 1), L(im + m - 1), 1, 0);
    v128_t er = MUL(h, ADD(ar, br)), ei = MUL(h, SUB(ai, bi)), orr = MUL(h, ADD(ai, bi)), oi = MUL(nh, SUB(ar, br));
    v128_t wr = L(cs + k), wi = L(sn + k);
    v128_t a = SUB(MUL(orr, wr), MUL(oi, wi)), b = ADD(MUL(orr, wi), MUL(oi, wr));
    v128_t p = ADD(er, a), q = ADD(ei, b), u = SUB(er, a), v = SUB(b, ei);
    S(out + k, ADD(MUL(p, p), MUL(q, q)));
    v128_t low = ADD(MUL(u, u), MUL(v, v));
    S(out + m - 1, wasm_i64x2_shuffle(low, low, 1, 0));
  }
  for (; k <= m; k++, m--) {
    double ar = re[k], ai = im[k], br = re[m], bi = im[m];
    double er = 0.5 * (ar + br), ei = 0.5 * (ai - bi), orr = 0.5 * (ai + bi), oi = -0.5 * (ar - br);
    double wr = cs[k], wi = sn[k];
    double a = orr * wr - oi * wi, b = orr * wi + oi * wr;
    double p = er + a, q = ei + b, u = er - a, v = b - ei;
    out[k] = p * p + q * q;
    out[m] = u * u + v * v;
  }
}

/*
 * Frames f = 0 … count − 1 start at samples[first + f·hop]. For each: its power spectrum (DC and Nyquist
 * halved, as the one-sided sum needs), band sums × scale into bands_out[f·band_count + b], and the spectrum
 * added to the bucket of its level (total × scale + 1e−30 against the thresholds).
 */
__attribute__((export_name("spectral_frames")))
void spectral_frames(const Layout *l, const float *samples, int32_t count, int32_t first, int32_t hop, double scale, float *bands_out) {
  const int half = l->half;
  const int bins = half + 1;
  double *re = l->re, *im = l->im, *spectrum = l->spectrum;
  const uint32_t *bit_reverse = l->bit_reverse;
  const double *window = l->window;
  for (int f = 0; f < count; f++) {
    const float *x = samples + first + f * hop;
    /* Packing (even samples real, odd imaginary, bit-reversed) fused with the first two stages, as in fft.ts. */
    for (int s = 0; s < half; s += 4) {
      int w0 = 2 * bit_reverse[s], w1 = 2 * bit_reverse[s + 1], w2 = 2 * bit_reverse[s + 2], w3 = 2 * bit_reverse[s + 3];
      radix4_group(re, im, s, x[w0] * window[w0], x[w0 + 1] * window[w0 + 1], x[w1] * window[w1], x[w1 + 1] * window[w1 + 1],
                   x[w2] * window[w2], x[w2 + 1] * window[w2 + 1], x[w3] * window[w3], x[w3 + 1] * window[w3 + 1]);
    }
    later_stages(re, im, half, l->stage_cos, l->stage_sin);
    split_real(re, im, half, l->split_cos, l->split_sin, spectrum);
    spectrum[0] = 0.5 * spectrum[0];
    spectrum[half] = 0.5 * spectrum[half];

    float *bands = bands_out + f * l->band_count;
    double total = 0;
    for (int b = 0; b < l->band_count; b++) {
      double sum = 0;
      for (uint32_t k = l->band_first_bin[b], stop = l->band_first_bin[b + 1]; k < stop; k++) sum += spectrum[k];
      bands[b] = (float)(sum * scale);
      total += sum;
    }
    double level = total * scale + 1e-30;
    int bucket = 0;
    while (bucket + 1 < l->bucket_count && level >= l->thresholds[bucket]) bucket++;
    l->bucket_frames[bucket] += 1;
    double *acc = l->bucket_power + bucket * bins;
    int k = 0;
    for (; k + 1 < bins; k += 2) S(acc + k, ADD(L(acc + k), L(spectrum + k)));
    for (; k < bins; k++) acc[k] += spectrum[k];
  }
}
