import { resolveFfmpeg } from '../decode/index.js';
import { TOOL_VERSION } from '../version.js';
import { parseCommandArgs } from './args.js';
import { EXIT } from './errors.js';
import { HELP } from './help.js';

export async function runDoctor(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('doctor', args, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(HELP.doctor);
    return EXIT.ok;
  }
  process.stdout.write(`voicegate ${TOOL_VERSION}\nnode      ${process.version} (${process.platform}-${process.arch})\n`);
  try {
    const ffmpeg = await resolveFfmpeg();
    process.stdout.write(`ffmpeg    ${ffmpeg.path}\n          found via ${ffmpeg.source}\n          ${ffmpeg.version}\n`);
    process.stdout.write('WAV is decoded in-process (16-bit PCM by a typed-array converter, other encodings by node-wav); other formats through ffmpeg, fed on stdin.\n');
    return EXIT.ok;
  } catch (error) {
    process.stdout.write(`ffmpeg    not found: ${(error as Error).message}\n          WAV files still work; set FFMPEG_PATH for other formats.\n`);
    return EXIT.rejected;
  }
}
