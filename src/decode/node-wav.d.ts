declare module 'node-wav' {
  interface DecodedWav {
    sampleRate: number;
    channelData: Float32Array[];
  }
  interface EncodeOptions {
    sampleRate?: number;
    float?: boolean;
    bitDepth?: number;
  }
  const wav: {
    /** Pass an ArrayBuffer (or a view whose byteOffset is 0): with a Buffer it mixes up offset and length. Returns undefined when there is no data chunk. */
    decode(buffer: ArrayBuffer | Uint8Array): DecodedWav | undefined;
    encode(channelData: Float32Array[], options: EncodeOptions): Buffer;
  };
  export default wav;
}
