/**
 * The EXTREME_DISTINCT largest distinct sample values of a channel (and the smallest) and how many samples sit
 * exactly on each, kept in one streaming pass by the channel pass (add_extreme in wasm/kernels.c): the
 * amplitude density just inside the extreme, which tells a clipper's rail (many samples on one value, few on
 * the values below it) from a natural peak. A sample is only looked at when it reaches the list (v ≥ its last
 * value when full), which after the first moments of a clip is rare, so the per-sample cost is one comparison.
 */
export const EXTREME_DISTINCT = 24;
