/** WAV files built byte by byte, including broken ones (a header that lies about its data size). */
export type WavEncoding = 's16' | 'f32';

export interface WavBytesOptions {
  sampleRateHz: number;
  /** Planar channels, full scale = 1. */
  channels: Float32Array[];
  encoding?: WavEncoding;
  /** What the header claims the data chunk holds, when it should lie (default: the real size). */
  claimedDataBytes?: number;
}

export function wavBytes({ sampleRateHz, channels, encoding = 's16', claimedDataBytes }: WavBytesOptions): Buffer {
  const bytesPerSample = encoding === 's16' ? 2 : 4;
  const frames = channels[0]?.length ?? 0;
  const blockAlign = bytesPerSample * channels.length;
  const dataBytes = frames * blockAlign;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + (claimedDataBytes ?? dataBytes), 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(encoding === 's16' ? 1 : 3, 20);
  out.writeUInt16LE(channels.length, 22);
  out.writeUInt32LE(sampleRateHz, 24);
  out.writeUInt32LE(sampleRateHz * blockAlign, 28);
  out.writeUInt16LE(blockAlign, 32);
  out.writeUInt16LE(bytesPerSample * 8, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(claimedDataBytes ?? dataBytes, 40);
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    for (const channel of channels) {
      const v = channel[i]!;
      if (encoding === 's16') out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), offset);
      else out.writeFloatLE(v, offset);
      offset += bytesPerSample;
    }
  }
  return out;
}
