/** An append-only Float32Array that doubles its capacity, so streaming never knows the length in advance. */
export class GrowableFloat32 {
  private data: Float32Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float32Array(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** Makes room for `count` more values and returns the offset where they start. */
  reserve(count: number): number {
    let capacity = this.data.length;
    while (this.length + count > capacity) capacity *= 2;
    if (capacity !== this.data.length) {
      const bigger = new Float32Array(capacity);
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    const offset = this.length;
    this.length += count;
    return offset;
  }

  get buffer(): Float32Array {
    return this.data;
  }

  /** The values so far, without a copy (a copy would double the peak memory of a long file); stop pushing after this. */
  toArray(): Float32Array {
    return this.data.subarray(0, this.length);
  }
}
