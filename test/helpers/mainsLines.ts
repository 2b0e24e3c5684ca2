/** Power (A²/2 for a sine of amplitude A) of the Hann-windowed DFT of the whole clip at `hz`, by a rotating phasor. */
function dftPower(x: Float32Array, window: Float32Array, windowSum: number, rateHz: number, hz: number): number {
  const step = (2 * Math.PI * hz) / rateHz;
  const cosStep = Math.cos(step);
  const sinStep = Math.sin(step);
  let c = 1;
  let s = 0;
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]! * window[i]!;
    re += v * c;
    im -= v * s;
    const nc = c * cosStep - s * sinStep;
    s = s * cosStep + c * sinStep;
    c = nc;
  }
  return (2 * (re * re + im * im)) / (windowSum * windowSum);
}

/**
 * Independent reference for the mains lines a "clean" file already carries (many do: LibriVox and LibriSpeech
 * recordings show steady 50/60 Hz lines at −40…−70 dBFS): one Hann-windowed DFT over the whole clip (0.2–0.4 Hz
 * resolution for 3–8 s clips, coherent, so a steady line stands far above speech, whose harmonics glide). A
 * harmonic h·F ≤ 400 Hz counts as a line when its peak (searched within ±(0.3 Hz + 0.5 %)) is ≥ 10 dB above
 * the median of the spectrum 2–8 Hz either side; the family's own hum power is the sum of its lines.
 */
export function mainsLinePower(x: Float32Array, rateHz: number, mainsHz: number): number {
  const { window, windowSum } = hannWindow(x.length);
  let total = 0;
  for (let hz = mainsHz; hz <= 400; hz += mainsHz) {
    const { power } = gridPeak(x, window, windowSum, rateHz, hz);
    if (power >= 10 * ringMedian(x, window, windowSum, rateHz, hz)) total += power;
  }
  return total;
}

function hannWindow(length: number): { window: Float32Array; windowSum: number } {
  const window = new Float32Array(length);
  let windowSum = 0;
  for (let i = 0; i < length; i++) windowSum += window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length);
  return { window, windowSum };
}

/** Where a line at nominal `hz` is searched for: ±(0.3 Hz + 0.5 %). */
function searchHz(hz: number): number {
  return 0.3 + 0.005 * hz;
}

/** Median of the spectrum 2–8 Hz either side of `hz` (0.5 Hz steps): the background a line must clear by 10 dB. */
function ringMedian(x: Float32Array, window: Float32Array, windowSum: number, rateHz: number, hz: number): number {
  const ring: number[] = [];
  for (let d = 2; d <= 8; d += 0.5) ring.push(dftPower(x, window, windowSum, rateHz, hz - d), dftPower(x, window, windowSum, rateHz, hz + d));
  ring.sort((p, q) => p - q);
  return ring[ring.length >> 1]!;
}

/** The largest whole-clip Hann DFT power on a 0.05 Hz grid within searchHz of `hz`, and where it is. */
function gridPeak(x: Float32Array, window: Float32Array, windowSum: number, rateHz: number, hz: number): { hz: number; power: number } {
  let best = hz;
  let power = -1;
  for (let d = -searchHz(hz); d <= searchHz(hz); d += 0.05) {
    const p = dftPower(x, window, windowSum, rateHz, hz + d);
    if (p > power) [best, power] = [hz + d, p];
  }
  return { hz: best, power };
}

/** The frequency near `hz` where the whole-clip Hann DFT peaks: gridPeak, then golden-section search to 0.001 Hz. */
function peakFrequency(x: Float32Array, window: Float32Array, windowSum: number, rateHz: number, hz: number): number {
  const best = gridPeak(x, window, windowSum, rateHz, hz).hz;
  let lo = best - 0.05;
  let hi = best + 0.05;
  const ratio = (Math.sqrt(5) - 1) / 2;
  while (hi - lo > 0.001) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (dftPower(x, window, windowSum, rateHz, a) >= dftPower(x, window, windowSum, rateHz, b)) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}

/** Subtracts the least-squares sinusoid at `hz` (cos and sin jointly, over the whole clip) from `x`, in place. */
function subtractSinusoid(x: Float32Array, rateHz: number, hz: number): void {
  let cc = 0;
  let ss = 0;
  let cs = 0;
  let xc = 0;
  let xs = 0;
  const w = (2 * Math.PI * hz) / rateHz;
  for (let i = 0; i < x.length; i++) {
    const c = Math.cos(w * i);
    const s = Math.sin(w * i);
    cc += c * c;
    ss += s * s;
    cs += c * s;
    xc += x[i]! * c;
    xs += x[i]! * s;
  }
  const det = cc * ss - cs * cs;
  const a = (xc * ss - xs * cs) / det;
  const b = (xs * cc - xc * cs) / det;
  for (let i = 0; i < x.length; i++) x[i] = x[i]! - (a * Math.cos(w * i) + b * Math.sin(w * i));
}

/**
 * A copy of `x` without the mains lines mainsLinePower finds (either family): each counted line is subtracted as
 * the least-squares sinusoid at its peak frequency (refined to 0.001 Hz), so that hum added afterwards is the only
 * hum in the clip and its level is the truth exactly (an own line adds to an added one coherently: a line 14 dB
 * below the added hum moves the mixture's hum by up to ±2 dB with the relative phase).
 */
export function withoutMainsLines(x: Float32Array, rateHz: number): Float32Array {
  const out = x.slice();
  const { window, windowSum } = hannWindow(out.length);
  // A second pass takes what a line whose level or frequency wanders leaves after the first.
  for (const mainsHz of [50, 60, 50, 60]) {
    for (let hz = mainsHz; hz <= 400; hz += mainsHz) {
      const peak = peakFrequency(out, window, windowSum, rateHz, hz);
      if (dftPower(out, window, windowSum, rateHz, peak) >= 10 * ringMedian(out, window, windowSum, rateHz, hz)) subtractSinusoid(out, rateHz, peak);
    }
  }
  return out;
}
