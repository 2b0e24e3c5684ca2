/** A second-order IIR section (a0 normalised to 1), run in transposed direct form II by the sample pass (wasm/kernels.c). */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}
