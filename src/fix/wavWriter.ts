import { open, type FileHandle } from 'node:fs/promises';

const HEADER_BYTES = 44;

/** Canonical 44-byte header of a 16-bit PCM mono WAV holding `frameCount` samples. */
export function wavHeader(sampleRateHz: number, frameCount: number): Buffer {
  const dataBytes = 2 * frameCount;
  if (HEADER_BYTES - 8 + dataBytes > 0xffffffff) {
    throw new RangeError(`Expected an output under 4 GiB (the WAV limit), got ${frameCount} samples`);
  }
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(HEADER_BYTES - 8 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRateHz, 24);
  header.writeUInt32LE(2 * sampleRateHz, 28); // bytes per second
  header.writeUInt16LE(2, 32); // bytes per frame
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/** Appends PCM after a header written up front (the sample count is known from the plan). */
export class WavFileWriter {
  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
  ) {}

  static async create(path: string, sampleRateHz: number, frameCount: number): Promise<WavFileWriter> {
    const header = wavHeader(sampleRateHz, frameCount);
    // 'wx': a temp name that already exists is someone else's file.
    const file = await open(path, 'wx');
    try {
      await file.write(header, 0, header.length);
    } catch (error) {
      await file.close();
      throw error;
    }
    return new WavFileWriter(path, file);
  }

  async append(pcm: Buffer): Promise<void> {
    for (let offset = 0; offset < pcm.length; ) {
      const { bytesWritten } = await this.file.write(pcm, offset, pcm.length - offset);
      offset += bytesWritten;
    }
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}
