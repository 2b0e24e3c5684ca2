/**
 * Where each journal line starts, by a 64-bit key folded from the entry's content hash and endpoint, in an
 * open-addressing table of typed arrays: 24 bytes a slot, at most half of them used, instead of the ~180 bytes
 * of a Map keyed by 70-character strings (a resumed million-clip run: ~40 MB instead of ~180 MB of heap).
 * Two entries may share a key, so a lookup returns every offset stored under it and the caller compares the
 * whole hash in the line it reads.
 */
export class OffsetIndex {
  #hi = new Uint32Array(MIN_SLOTS);
  #lo = new Uint32Array(MIN_SLOTS);
  /** Byte offset of the line, or −1 for an empty slot. */
  #offsets = new Float64Array(MIN_SLOTS).fill(-1);
  #count = 0;

  get size(): number {
    return this.#count;
  }

  add(key: IndexKey, offset: number): void {
    if (2 * (this.#count + 1) > this.#offsets.length) this.#grow();
    this.#place(key.hi, key.lo, offset);
    this.#count++;
  }

  /** Offsets stored under `key`, the most recently added first (a later line supersedes an earlier one). */
  offsets(key: IndexKey): number[] {
    const mask = this.#offsets.length - 1;
    const found: number[] = [];
    for (let slot = key.lo & mask; this.#offsets[slot] !== -1; slot = (slot + 1) & mask) {
      if (this.#hi[slot] === key.hi && this.#lo[slot] === key.lo) found.push(this.#offsets[slot]!);
    }
    return found.reverse();
  }

  /** Linear probing keeps entries of one key in the order they were added along the probe sequence. */
  #place(hi: number, lo: number, offset: number): void {
    const mask = this.#offsets.length - 1;
    let slot = lo & mask;
    while (this.#offsets[slot] !== -1) slot = (slot + 1) & mask;
    this.#hi[slot] = hi;
    this.#lo[slot] = lo;
    this.#offsets[slot] = offset;
  }

  #grow(): void {
    const [hi, lo, offsets] = [this.#hi, this.#lo, this.#offsets];
    this.#hi = new Uint32Array(2 * hi.length);
    this.#lo = new Uint32Array(2 * lo.length);
    this.#offsets = new Float64Array(2 * offsets.length).fill(-1);
    // Re-placed in slot order from each key's home slot, so entries of one key keep their relative order.
    const mask = offsets.length - 1;
    let start = 0;
    while (offsets[start] !== -1) start++;
    for (let i = 1; i <= offsets.length; i++) {
      const slot = (start + i) & mask;
      if (offsets[slot] !== -1) this.#place(hi[slot]!, lo[slot]!, offsets[slot]!);
    }
  }
}

const MIN_SLOTS = 1024;

export interface IndexKey {
  hi: number;
  lo: number;
}

/** FNV-1a over the endpoint's UTF-16 code units, as two 32-bit halves. */
function endpointKey(endpoint: string): IndexKey {
  let hi = 0x811c9dc5;
  let lo = 0x050c5d1f;
  for (let i = 0; i < endpoint.length; i++) {
    const c = endpoint.charCodeAt(i);
    hi = Math.imul(hi ^ c, 0x01000193) >>> 0;
    lo = Math.imul(lo ^ c, 0x01000193 ^ 0x5bd1e995) >>> 0;
  }
  return { hi, lo };
}

const endpointKeys = new Map<string, IndexKey>();

/** The index key of a (hex sha256, endpoint) pair: the hash's eight 32-bit words folded into two, mixed with the endpoint's. */
export function indexKey(sha256: string, endpoint: string): IndexKey {
  let ep = endpointKeys.get(endpoint);
  if (!ep) endpointKeys.set(endpoint, (ep = endpointKey(endpoint)));
  let hi = ep.hi;
  let lo = ep.lo;
  for (let word = 0; word < 8; word += 2) {
    hi ^= Number.parseInt(sha256.slice(8 * word, 8 * word + 8), 16);
    lo ^= Number.parseInt(sha256.slice(8 * word + 8, 8 * word + 16), 16);
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}
