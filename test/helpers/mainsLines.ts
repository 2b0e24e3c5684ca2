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
  const window = new Float32Array(x.length);
  let windowSum = 0;
  for (let i = 0; i < x.length; i++) windowSum += window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / x.length);
  let total = 0;
  for (let hz = mainsHz; hz <= 400; hz += mainsHz) {
    const search = 0.3 + 0.005 * hz;
    let peak = 0;
    for (let d = -search; d <= search; d += 0.05) peak = Math.max(peak, dftPower(x, window, windowSum, rateHz, hz + d));
    const ring: number[] = [];
    for (let d = 2; d <= 8; d += 0.5) ring.push(dftPower(x, window, windowSum, rateHz, hz - d), dftPower(x, window, windowSum, rateHz, hz + d));
    ring.sort((p, q) => p - q);
    if (peak >= 10 * ring[ring.length >> 1]!) total += peak;
  }
  return total;
}
