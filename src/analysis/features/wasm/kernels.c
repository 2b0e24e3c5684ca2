/*
 * The analysis' WebAssembly kernels (kernels.ts instantiates them, one instance per thread): the extractor's
 * spectral frames (spectralKernel.ts), per-sample pass and multichannel loudness blocks (samplePass.ts), channel
 * statistics (channelPass.ts), the hum's low-band block spectra and their per-bin quantiles (lowBand.ts), the
 * noise tracker's per-band passes (analysis/noiseTrack.ts) and the built-in server's mel frames
 * (server/melFrames.ts). Each does the operations of the TypeScript it replaced in the same order (no fused
 * multiply-add: -ffp-contract=off; SIMD lanes are independent butterflies, bins or filters), so results are
 * bit-identical to it; the tests compare each kernel with a plain TypeScript computation. Stateless: every table,
 * accumulator and state is a region of linear memory laid out by the caller. Build: npm run build:wasm (clang
 * with the wasm32 target; the output is committed).
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define L(p) wasm_v128_load(p)
#define S(p, v) wasm_v128_store(p, v)
#define ADD wasm_f64x2_add
#define SUB wasm_f64x2_sub
#define MUL wasm_f64x2_mul

/* One transform size's tables (RealFft's) and work arrays; kernels.ts placeFft writes them (offsets, 32-bit). */
typedef struct {
  int32_t half;
  const uint32_t *bit_reverse;
  const double *stage_cos;
  const double *stage_sin;
  const double *split_cos;
  const double *split_sin;
  double *re;
  double *im;
} Fft;

/* Regions and sizes of spectral_frames, written by spectralKernel.ts (offsets into linear memory, all 32-bit). */
typedef struct {
  Fft fft;
  int32_t band_count;
  int32_t bucket_count;
  const double *window;
  const uint32_t *band_first_bin;
  /* thresholds[j - 1]: the power at which bucket j starts (j = 1 … bucket_count − 1). */
  const double *thresholds;
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
 * The power spectrum (RealFft.powerSpectrum's algorithm, half + 1 bins into out) of x · window over the
 * transform's 2·half points: packing (even samples real, odd imaginary, bit-reversed) fused with the windowing
 * and the first two stages, as in fft.ts, then the later stages and the power split. One body for float and
 * double input.
 */
#define DEFINE_WINDOWED_POWER(name, T)                                                                               \
  static inline void name(const Fft *t, const T *x, const double *window, double *out) {                         \
    const uint32_t *bit_reverse = t->bit_reverse;                                                                \
    for (int s = 0; s < t->half; s += 4) {                                                                       \
      int w0 = 2 * bit_reverse[s], w1 = 2 * bit_reverse[s + 1], w2 = 2 * bit_reverse[s + 2], w3 = 2 * bit_reverse[s + 3]; \
      radix4_group(t->re, t->im, s, x[w0] * window[w0], x[w0 + 1] * window[w0 + 1], x[w1] * window[w1],          \
                   x[w1 + 1] * window[w1 + 1], x[w2] * window[w2], x[w2 + 1] * window[w2 + 1], x[w3] * window[w3], \
                   x[w3 + 1] * window[w3 + 1]);                                                                  \
    }                                                                                                            \
    later_stages(t->re, t->im, t->half, t->stage_cos, t->stage_sin);                                             \
    split_real(t->re, t->im, t->half, t->split_cos, t->split_sin, out);                                          \
  }
DEFINE_WINDOWED_POWER(windowed_power_f32, float)
DEFINE_WINDOWED_POWER(windowed_power_f64, double)

/*
 * Frames f = 0 … count − 1 start at samples[first + f·hop]. For each: its power spectrum (DC and Nyquist
 * halved, as the one-sided sum needs), band sums × scale into bands_out[f·band_count + b], and the spectrum
 * added to the bucket of its level (total × scale + 1e−30 against the thresholds).
 */
__attribute__((export_name("spectral_frames")))
void spectral_frames(const Layout *l, const float *samples, int32_t count, int32_t first, int32_t hop, double scale, float *bands_out) {
  const int half = l->fft.half;
  const int bins = half + 1;
  double *spectrum = l->spectrum;
  for (int f = 0; f < count; f++) {
    windowed_power_f32(&l->fft, samples + first + f * hop, l->window, spectrum);
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

/* ---- The low-band block spectra (features/lowBand.ts) ----------------------------------------------------- */

/* Regions of low_band_blocks, written by lowBand.ts (offsets into linear memory, all 32-bit). */
typedef struct {
  Fft fft;
  const double *window;
  /* One-sided power scale of the kept bins 0 … kept_bins − 1. */
  const double *bin_scale;
  int32_t kept_bins;
  double *power;
} LowBandLayout;

/*
 * For each of the count blocks starting at x[starts[b]]: its 2·half samples Hann-windowed, their power spectrum
 * (RealFft.powerSpectrum's algorithm) and the kept bins × bin_scale into out[b·kept_bins + k], as float.
 */
__attribute__((export_name("low_band_blocks")))
void low_band_blocks(const LowBandLayout *l, const double *x, const int32_t *starts, int32_t count, float *out) {
  for (int b = 0; b < count; b++) {
    windowed_power_f64(&l->fft, x + starts[b], l->window, l->power);
    float *spectrum = out + b * l->kept_bins;
    for (int k = 0; k < l->kept_bins; k++) spectrum[k] = (float)(l->power[k] * l->bin_scale[k]);
  }
}

/* select.ts kthSmallest: the k-th smallest of values[0 … n), by the same quickselect (values are reordered). */
static double kth_smallest(double *values, int n, int k) {
  int lo = 0, hi = n - 1;
  while (hi > lo) {
    int mid = (int)((unsigned)(lo + hi) >> 1);
    double x = values[lo], y = values[mid], z = values[hi];
    double pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    int i = lo, j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        double t = values[i];
        values[i++] = values[j];
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k];
}

/*
 * lowBand.ts finish: for each of the bins, over the blocks spectra (block b's bins at spectra + b·bins): the
 * minimum, and the quantile between order statistics k0 and k0 + 1 interpolated by frac. column: blocks doubles.
 */
__attribute__((export_name("low_band_quantiles")))
void low_band_quantiles(const float *spectra, int32_t blocks, int32_t bins, int32_t k0, double frac, double *column, double *power, double *minimum) {
  for (int k = 0; k < bins; k++) {
    double least = __builtin_inf();
    for (int j = 0; j < blocks; j++) {
      double v = spectra[j * bins + k];
      column[j] = v;
      if (v < least) least = v;
    }
    minimum[k] = least;
    double low = kth_smallest(column, blocks, k0);
    /* After the selection every value past k0 is >= it, so the next order statistic is their minimum. */
    double next = low;
    if (frac > 0) {
      next = __builtin_inf();
      for (int j = k0 + 1; j < blocks; j++) if (column[j] < next) next = column[j];
    }
    power[k] = low + frac * (next - low);
  }
}

/* ---- The per-sample pass over the mono signal ------------------------------------------------------------ */

/*
 * Doubles shared with samplePass.ts (SamplePassState there; the order is part of the interface). A section is
 * five coefficients b0 b1 b2 a1 a2 (a0 = 1); a pair holds two sections lane by lane (b0 of lane 0, b0 of lane
 * 1, b1 of lane 0, …), run together as f64x2. Pair A: K-weighting shelf | low-band low-pass 1, then
 * K-weighting high-pass | low-band low-pass 2, both on the same sample. Pair B: speech-band high-pass 1 |
 * high-pass 2, then low-pass 1 | low-pass 2: the cascade high 1 → low 1 → high 2 → low 2 runs skewed by one
 * sample, lane 1 finishing sample i − 1 while lane 0 starts sample i.
 */
enum {
  COEF_A1 = 0, COEF_A2 = 10, COEF_B1 = 20, COEF_B2 = 30,
  STATE_A1 = 40, STATE_A2 = 44, STATE_B1 = 48, STATE_B2 = 52, /* s0 of both lanes, then s1 of both */
  HOP_ENERGY = 56, HOP_PEAK, HOP_FILL, FINE_ENERGY, FINE_FILL, MONO_SUM, MONO_SUM_SQUARES, MONO_PEAK,
  SPEECH_SUM, SPEECH_FILL, LOW_PHASE, LOUD_FILL,
  HOP_SIZE, FINE_HOP_SIZE, LOW_FACTOR, LOUD_BLOCK, LOUD_WEIGHT,
  STATE_DOUBLES
};

/* Output counts, written to the int32 slots given. */
typedef struct {
  int32_t hops, fine, speech, loud_blocks, kept;
} Counts;

/* A pair of sections on v (lane by lane); s0, s1: its delays, held in locals (registers) for the whole chunk. */
static inline v128_t pair_step(const double *c, v128_t *s0, v128_t *s1, v128_t v) {
  v128_t y = ADD(MUL(L(c), v), *s0);
  *s0 = ADD(SUB(MUL(L(c + 2), v), MUL(L(c + 6), y)), *s1);
  *s1 = SUB(MUL(L(c + 4), v), MUL(L(c + 8), y));
  return y;
}

/* One lane of a pair as a plain section (the skewed cascade's first and last step of a chunk). */
static inline double lane_step(const double *c, v128_t *s0, v128_t *s1, int lane, double v) {
  double d0[2], d1[2];
  wasm_v128_store(d0, *s0);
  wasm_v128_store(d1, *s1);
  double y = c[lane] * v + d0[lane];
  d0[lane] = c[2 + lane] * v - c[6 + lane] * y + d1[lane];
  d1[lane] = c[4 + lane] * v - c[8 + lane] * y;
  *s0 = wasm_v128_load(d0);
  *s1 = wasm_v128_load(d1);
  return y;
}

/*
 * For n mono samples x: hop and fine-hop mean squares and hop peaks (runs up to the
 * next boundary), the clip's mono sums, the K-weighted energy of each loudness sub-block the chunk touches
 * (weight × Σ z², block 0 continuing the open one), every factor-th low-band output, and the speech-band
 * mean square per fine hop.
 */
__attribute__((export_name("sample_pass")))
void sample_pass(double *st, const float *x, int32_t n, float *hop_energy, float *hop_peak, float *fine_out, float *speech_out,
                 double *loud_out, double *kept_out, Counts *counts) {
  const int hop = (int)st[HOP_SIZE], fine_hop = (int)st[FINE_HOP_SIZE], factor = (int)st[LOW_FACTOR], loud_block = (int)st[LOUD_BLOCK];
  const double weight = st[LOUD_WEIGHT];
  double energy = st[HOP_ENERGY], frame_peak = st[HOP_PEAK], fine = st[FINE_ENERGY];
  int fill = (int)st[HOP_FILL], fine_count = (int)st[FINE_FILL];
  double sum = st[MONO_SUM], sum_squares = st[MONO_SUM_SQUARES], peak = st[MONO_PEAK];
  double speech_sum = st[SPEECH_SUM];
  int speech_fill = (int)st[SPEECH_FILL], phase = (int)st[LOW_PHASE], loud_fill = (int)st[LOUD_FILL];
  int hops = 0, fines = 0, speech = 0, blocks = 0, kept = 0;
  double loud_energy = 0;
  v128_t b_in = wasm_f64x2_splat(0);
  v128_t a1s0 = L(st + STATE_A1), a1s1 = L(st + STATE_A1 + 2), a2s0 = L(st + STATE_A2), a2s1 = L(st + STATE_A2 + 2);
  v128_t b1s0 = L(st + STATE_B1), b1s1 = L(st + STATE_B1 + 2), b2s0 = L(st + STATE_B2), b2s1 = L(st + STATE_B2 + 2);
  const double *ca1 = st + COEF_A1, *ca2 = st + COEF_A2, *cb1 = st + COEF_B1, *cb2 = st + COEF_B2;

  /*
   * Hop and fine-hop runs up to the next boundary, with no bookkeeping inside. The peak is a maximum of the
   * bit patterns of |v| (ordered like the values for non-negative doubles; the samples are finite): a compare
   * and branch per sample mispredicted on noisy audio and cost 3× the whole loop.
   */
  for (int i = 0; i < n;) {
    int stop = n;
    if (i + (fine_hop - fine_count) < stop) stop = i + (fine_hop - fine_count);
    if (i + (hop - fill) < stop) stop = i + (hop - fill);
    double run_sum = 0, run_energy = 0;
    uint64_t peak_bits = 0;
    for (int j = i; j < stop; j++) {
      const double v = x[j];
      run_sum += v;
      run_energy += v * v;
      uint64_t bits = __builtin_bit_cast(uint64_t, __builtin_fabs(v));
      peak_bits = bits > peak_bits ? bits : peak_bits;
    }
    const double run_peak = __builtin_bit_cast(double, peak_bits);
    const int length = stop - i;
    i = stop;
    sum += run_sum;
    sum_squares += run_energy;
    if (run_peak > peak) peak = run_peak;
    energy += run_energy;
    if (run_peak > frame_peak) frame_peak = run_peak;
    fine += run_energy;
    fine_count += length;
    fill += length;
    if (fine_count == fine_hop) {
      fine_out[fines++] = (float)(fine / fine_hop);
      fine = 0;
      fine_count = 0;
    }
    if (fill == hop) {
      hop_energy[hops] = (float)(energy / hop);
      hop_peak[hops++] = (float)frame_peak;
      energy = 0;
      frame_peak = 0;
      fill = 0;
    }
  }
  for (int i = 0; i < n; i++) {
    const double v = x[i];
    /* The filters. Pair A: K-weighting and the low band's anti-alias filter. */
    v128_t a1 = pair_step(ca1, &a1s0, &a1s1, wasm_f64x2_splat(v));
    v128_t a2 = pair_step(ca2, &a2s0, &a2s1, a1);
    double z = wasm_f64x2_extract_lane(a2, 0);
    loud_energy += z * z;
    if (++loud_fill == loud_block || i == n - 1) {
      loud_out[blocks++] = weight * loud_energy;
      loud_energy = 0;
      if (loud_fill == loud_block) loud_fill = 0;
    }
    if (phase == factor - 1) {
      kept_out[kept++] = wasm_f64x2_extract_lane(a2, 1);
      phase = 0;
    } else {
      phase++;
    }
    /* Pair B: speech band, lane 0 on sample i, lane 1 on sample i − 1. */
    if (i == 0) {
      double h = lane_step(cb1, &b1s0, &b1s1, 0, v);
      b_in = wasm_f64x2_make(0, lane_step(cb2, &b2s0, &b2s1, 0, h));
      continue;
    }
    b_in = wasm_f64x2_replace_lane(b_in, 0, v);
    v128_t b1 = pair_step(cb1, &b1s0, &b1s1, b_in);
    v128_t b2 = pair_step(cb2, &b2s0, &b2s1, b1);
    double y = wasm_f64x2_extract_lane(b2, 1);
    speech_sum += y * y;
    if (++speech_fill == fine_hop) {
      speech_out[speech++] = (float)(speech_sum / fine_hop);
      speech_sum = 0;
      speech_fill = 0;
    }
    b_in = wasm_f64x2_replace_lane(b_in, 1, wasm_f64x2_extract_lane(b2, 0));
  }
  if (n > 0) {
    /* The last sample's second half of the speech-band cascade. */
    double h = lane_step(cb1, &b1s0, &b1s1, 1, wasm_f64x2_extract_lane(b_in, 1));
    double y = lane_step(cb2, &b2s0, &b2s1, 1, h);
    speech_sum += y * y;
    if (++speech_fill == fine_hop) {
      speech_out[speech++] = (float)(speech_sum / fine_hop);
      speech_sum = 0;
      speech_fill = 0;
    }
  }
  S(st + STATE_A1, a1s0); S(st + STATE_A1 + 2, a1s1); S(st + STATE_A2, a2s0); S(st + STATE_A2 + 2, a2s1);
  S(st + STATE_B1, b1s0); S(st + STATE_B1 + 2, b1s1); S(st + STATE_B2, b2s0); S(st + STATE_B2 + 2, b2s1);
  st[HOP_ENERGY] = energy; st[HOP_PEAK] = frame_peak; st[FINE_ENERGY] = fine;
  st[HOP_FILL] = fill; st[FINE_FILL] = fine_count;
  st[MONO_SUM] = sum; st[MONO_SUM_SQUARES] = sum_squares; st[MONO_PEAK] = peak;
  st[SPEECH_SUM] = speech_sum; st[SPEECH_FILL] = speech_fill; st[LOW_PHASE] = phase; st[LOUD_FILL] = loud_fill;
  counts->hops = hops; counts->fine = fines; counts->speech = speech; counts->loud_blocks = blocks; counts->kept = kept;
}

/*
 * The K-weighting of one channel of a multichannel clip (a mono clip's runs in sample_pass): two sections
 * (coefficients c[0..4], c[5..9]; delays s[0..3]) over n samples, adding weight × Σ z² of each run to the end of
 * a sub-block into sums[j] (the chunk starts `fill` samples into block 0).
 */
__attribute__((export_name("block_energy")))
void block_energy(const double *c, double *s, const float *x, int32_t n, int32_t block, int32_t fill, double weight, double *sums) {
  double s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
  for (int i = 0, j = 0, room = block - fill; i < n; j++, room = block) {
    int stop = n < i + room ? n : i + room;
    double energy = 0;
    for (; i < stop; i++) {
      double v = x[i];
      double y = c[0] * v + s0;
      s0 = c[1] * v - c[3] * y + s1;
      s1 = c[2] * v - c[4] * y;
      double z = c[5] * y + s2;
      s2 = c[6] * y - c[8] * z + s3;
      s3 = c[7] * y - c[9] * z;
      energy += z * z;
    }
    sums[j] = sums[j] + weight * energy;
  }
  s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
}

/* ---- One channel's statistics ---------------------------------------------------------------------------- */

/* The 24 most extreme distinct values in one direction with their sample counts (extremes.ts). */
#define EXTREME_DISTINCT 24

/* Doubles shared with channelPass.ts (the order is part of the interface). */
enum {
  CH_SUM = 0, CH_SUM_SQUARES, CH_CROSS, CH_NON_FINITE, CH_HIGH_LIMIT, CH_LOW_LIMIT,
  CH_PLATEAU_VALUE, CH_PLATEAU_START, CH_PLATEAU_LENGTH, CH_HIGH_SIZE, CH_LOW_SIZE,
  CH_HIGH_VALUES, CH_HIGH_COUNTS = CH_HIGH_VALUES + EXTREME_DISTINCT,
  CH_LOW_VALUES = CH_HIGH_COUNTS + EXTREME_DISTINCT, CH_LOW_COUNTS = CH_LOW_VALUES + EXTREME_DISTINCT,
  CH_DOUBLES = CH_LOW_COUNTS + EXTREME_DISTINCT
};

#define PLATEAU_MIN_ABS 0.01
#define PLATEAU_MIN_LENGTH 3

/* extremes.ts addExtreme: v into the list of direction `sign`; returns the new admission limit (sign·v units). */
static double add_extreme(double *values, double *counts, double *size_slot, double v, double sign) {
  int size = (int)*size_slot;
  double key = sign * v;
  int i = 0;
  while (i < size && sign * values[i] > key) i++;
  if (i < size && values[i] == v) {
    counts[i] += 1;
  } else if (i < EXTREME_DISTINCT) {
    int last = size < EXTREME_DISTINCT - 1 ? size : EXTREME_DISTINCT - 1;
    for (int j = last; j > i; j--) {
      values[j] = values[j - 1];
      counts[j] = counts[j - 1];
    }
    values[i] = v;
    counts[i] = 1;
    size = size + 1 < EXTREME_DISTINCT ? size + 1 : EXTREME_DISTINCT;
    *size_slot = size;
  }
  return size == EXTREME_DISTINCT ? sign * values[EXTREME_DISTINCT - 1] : -__builtin_inf();
}

/*
 * One chunk of one channel (extractor.ts's former channelPass): non-finite samples zeroed in place and
 * counted, Σ x and Σ x², the distinct extremes, and the runs of equal samples worth recording (|value| ≥ 0.01,
 * ≥ 3 long, on the running maximum or minimum when they end) as (value, start, length) triples in runs_out;
 * returns how many. `first` is the first channel's chunk (for Σ x · x₀), or null for the first channel itself.
 * A run still open at the chunk's end stays in the state.
 */
__attribute__((export_name("channel_pass")))
int32_t channel_pass(double *st, float *x, const float *first, int32_t n, double offset, double *runs_out) {
  double sum = st[CH_SUM], sum_squares = st[CH_SUM_SQUARES], non_finite = st[CH_NON_FINITE];
  double high_limit = st[CH_HIGH_LIMIT], low_limit = st[CH_LOW_LIMIT];
  double plateau_value = st[CH_PLATEAU_VALUE], plateau_start = st[CH_PLATEAU_START], plateau_length = st[CH_PLATEAU_LENGTH];
  double *high = st + CH_HIGH_VALUES, *high_counts = st + CH_HIGH_COUNTS, *low = st + CH_LOW_VALUES, *low_counts = st + CH_LOW_COUNTS;
  int runs = 0;
  for (int i = 0; i < n; i++) {
    double v = x[i];
    if (__builtin_isinf(v) || __builtin_isnan(v)) {
      v = 0;
      x[i] = 0;
      non_finite += 1;
    }
    sum += v;
    sum_squares += v * v;
    if (v >= high_limit) high_limit = add_extreme(high, high_counts, st + CH_HIGH_SIZE, v, 1);
    if (-v >= low_limit) low_limit = add_extreme(low, low_counts, st + CH_LOW_SIZE, v, -1);
    if (v == plateau_value) {
      plateau_length += 1;
    } else {
      if (plateau_length >= PLATEAU_MIN_LENGTH && __builtin_fabs(plateau_value) >= PLATEAU_MIN_ABS &&
          (plateau_value == high[0] || plateau_value == low[0])) {
        runs_out[3 * runs] = plateau_value;
        runs_out[3 * runs + 1] = plateau_start;
        runs_out[3 * runs + 2] = plateau_length;
        runs++;
      }
      plateau_value = v;
      plateau_start = offset + i;
      plateau_length = 1;
    }
  }
  if (first) {
    double cross = st[CH_CROSS];
    for (int i = 0; i < n; i++) cross += (double)x[i] * (double)first[i];
    st[CH_CROSS] = cross;
  } else {
    st[CH_CROSS] = sum_squares;
  }
  st[CH_SUM] = sum; st[CH_SUM_SQUARES] = sum_squares; st[CH_NON_FINITE] = non_finite;
  st[CH_HIGH_LIMIT] = high_limit; st[CH_LOW_LIMIT] = low_limit;
  st[CH_PLATEAU_VALUE] = plateau_value; st[CH_PLATEAU_START] = plateau_start; st[CH_PLATEAU_LENGTH] = plateau_length;
  return runs;
}

/* ---- Noise tracking of one band (analysis/noise.ts) ----------------------------------------------------- */

/* Sizes and work regions of noise_band, written by noise.ts (offsets into linear memory, all 32-bit). */
typedef struct {
  int32_t frames;
  /* Half length of the noise window and of the smoothing, in frames. */
  int32_t half;
  int32_t smooth_half;
  /* Frames that may be noise evidence. */
  int32_t first;
  int32_t last;
  int32_t min_cells;
  int32_t min_clip_cells;
  double *smoothed;
  double *noise;
  /* Scratch of frames + 1 doubles each: the sliding minimum's running minima, then the averages' prefix sum
   * and count (which starts where `behind` did: they are never needed at the same time). */
  double *ahead_then_sum;
  double *behind_then_count;
} NoiseWork;

/* noise.ts smooth: centred moving average over ±half frames, summed afresh per frame, shrinking at the ends. */
static void smooth_band(const float *x, int n, int half, double *out) {
  const int width = 2 * half + 1;
  for (int t = 0; t < n; t++) {
    int lo = t - half, hi = t + half;
    double sum = 0;
    if (lo >= 0 && hi < n) {
      for (int u = lo; u <= hi; u++) sum += x[u];
      out[t] = sum / width;
      continue;
    }
    int from = lo > 0 ? lo : 0, to = hi < n - 1 ? hi : n - 1;
    for (int u = from; u <= to; u++) sum += x[u];
    out[t] = sum / (to - from + 1);
  }
}

static inline double min2(double a, double b) { return b < a ? b : a; }
static inline int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* noise.ts slidingMinimum: van Herk / Gil–Werman over blocks of 2·half + 1 frames from `first`. */
static void sliding_minimum(const double *x, int n, int half, int first, int last, double *out, double *ahead, double *behind) {
  const int width = 2 * half + 1;
  for (int start = first; start <= last; start += width) {
    int end = start + width - 1 < last ? start + width - 1 : last;
    double m = __builtin_inf();
    for (int j = start; j <= end; j++) ahead[j] = m = min2(m, x[j]);
    m = __builtin_inf();
    for (int j = end; j >= start; j--) behind[j] = m = min2(m, x[j]);
  }
  for (int t = 0; t < n; t++) {
    int hi = clamp(t + half, first, last) - first;
    int lo = clamp(t - half, first, last) - first;
    int lo_block = lo / width;
    if (lo_block != hi / width) out[t] = min2(behind[lo + first], ahead[hi + first]);
    else out[t] = lo == lo_block * width ? ahead[hi + first] : behind[lo + first];
  }
}

/*
 * noise.ts averageNoiseOnly: into `out`, the mean of `power` over the noise-only frames (smoothed ≤ limit ×
 * reference) of a centred ±half window, doubled until it holds enough of them. `smoothed` and `reference`
 * may be `out`: both are read in full before `out` is written. Returns 0 (out untouched) with too few cells.
 */
static int average_noise_only(const NoiseWork *w, const float *power, const double *smoothed, double limit, const double *reference, double *out) {
  const int n = w->frames, first = w->first, last = w->last;
  double *sum = w->ahead_then_sum;
  int32_t *count = (int32_t *)w->behind_then_count;
  for (int t = 0; t <= first; t++) sum[t] = 0, count[t] = 0;
  for (int t = first; t <= last; t++) {
    int noise_only = smoothed[t] <= limit * reference[t];
    sum[t + 1] = sum[t] + power[t] * (double)noise_only;
    count[t + 1] = count[t] + noise_only;
  }
  for (int t = last + 2; t <= n; t++) sum[t] = sum[last + 1], count[t] = count[last + 1];
  int needed = w->min_cells < count[n] ? w->min_cells : count[n];
  if (needed < w->min_clip_cells) return 0;
  for (int t = 0; t < n; t++) {
    for (int h = w->half;; h *= 2) {
      int lo = t - h > 0 ? t - h : 0;
      int hi = t + h + 1 < n ? t + h + 1 : n;
      int cells = count[hi] - count[lo];
      if (cells >= needed) {
        out[t] = (sum[hi] - sum[lo]) * (1.0 / cells);
        break;
      }
    }
  }
  return 1;
}

/*
 * Steps 1–5 of noise.ts for one band's power (frames values): smoothed, minimum-tracked and bias-compensated,
 * averaged twice over the cells below delta × the track, into w->noise; the mean noise (cells below
 * mean_delta × that track) into w->smoothed, or a copy of the track when too few cells hold only noise.
 */
__attribute__((export_name("noise_band")))
void noise_band(const NoiseWork *w, const float *power, double bias, double delta, double mean_delta) {
  const int n = w->frames;
  double *smoothed = w->smoothed, *noise = w->noise;
  smooth_band(power, n, w->smooth_half, smoothed);
  sliding_minimum(smoothed, n, w->half, w->first, w->last, noise, w->ahead_then_sum, w->behind_then_count);
  for (int t = 0; t < n; t++) noise[t] = noise[t] * bias;
  for (int pass = 0; pass < 2; pass++) average_noise_only(w, power, smoothed, delta, noise, noise);
  if (!average_noise_only(w, power, smoothed, mean_delta, noise, smoothed)) {
    for (int t = 0; t < n; t++) smoothed[t] = noise[t];
  }
}

/* ---- The built-in server's mel frames -------------------------------------------------------------------- */

/* Regions of mel_frames, written by server/melFrames.ts. */
typedef struct {
  Fft fft;
  int32_t window_size;
  int32_t hop;
  int32_t bands;
  /* Hann over window_size points, zero up to 2·half (the frame's zero padding). */
  const double *window;
  /* Band b weights bins first[b] … with weights[offset[b] … offset[b + 1]). */
  const int32_t *first;
  const int32_t *offset;
  const double *weights;
  double *frame;
  double *power;
} MelLayout;

/*
 * For each frame f < count with needed[f]: samples[f·hop …] minus means[f], Hann-windowed over window_size
 * samples and zero-padded to 2·half, its power spectrum (RealFft.powerSpectrum's algorithm) and the triangular
 * mel filters' weighted sums into out[f·bands + b]. Frames not needed are left as they are.
 */
__attribute__((export_name("mel_frames")))
void mel_frames(const MelLayout *l, const float *samples, const double *means, const uint8_t *needed, int32_t count, double *out) {
  double *frame = l->frame;
  for (int f = 0; f < count; f++) {
    if (needed[f] != 1) continue;
    const float *x = samples + f * l->hop;
    const double mean = means[f];
    for (int i = 0; i < l->window_size; i++) frame[i] = x[i] - mean;
    windowed_power_f64(&l->fft, frame, l->window, l->power);
    for (int b = 0; b < l->bands; b++) {
      double sum = 0;
      for (int j = l->offset[b], k = l->first[b], stop = l->offset[b + 1]; j < stop; j++, k++) sum += l->weights[j] * l->power[k];
      out[f * l->bands + b] = sum;
    }
  }
}

/* Each frame's mean (Σ x / window_size) and its energy after removing it (Σ (x − mean)²): embedding.ts frameLevels. */
__attribute__((export_name("frame_levels")))
void frame_levels(const float *samples, int32_t count, int32_t hop, int32_t window_size, double *means, double *energies) {
  for (int f = 0; f < count; f++) {
    const float *x = samples + f * hop;
    double mean = 0;
    for (int i = 0; i < window_size; i++) mean += x[i];
    mean /= window_size;
    double energy = 0;
    for (int i = 0; i < window_size; i++) {
      double d = x[i] - mean;
      energy += d * d;
    }
    means[f] = mean;
    energies[f] = energy;
  }
}
