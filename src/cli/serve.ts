import { resolveServerOptions, startEmbeddingServer, type ServerOptions } from '../server/index.js';
import { resolveApiKey } from '../upload/index.js';
import { parseCommandArgs } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { HELP } from './help.js';

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`Expected --${name} to be a number, got "${value}"`);
  return n;
}

/** "50" is a fixed latency, "20-80" a uniform jitter between the two. */
function latency(value: string | undefined): ServerOptions['latencyMs'] {
  if (value === undefined) return undefined;
  const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(value);
  return range ? [Number(range[1]), Number(range[2])] : number('latency', value);
}

/** The built-in embedding server on its own, for drills against `voicegate run --endpoint`. */
export async function runServe(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('serve', args, {
    host: { type: 'string' },
    port: { type: 'string' },
    'api-key-file': { type: 'string' },
    rate: { type: 'string' },
    'fail-rate': { type: 'string' },
    'reset-rate': { type: 'string' },
    'garbage-rate': { type: 'string' },
    latency: { type: 'string' },
    seed: { type: 'string' },
    'max-body-bytes': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP.serve);
    return EXIT.ok;
  }
  const apiKey = await resolveApiKey({ apiKeyFile: values['api-key-file'] ?? null });
  let options;
  try {
    options = resolveServerOptions({
      host: values.host,
      port: number('port', values.port),
      apiKey,
      ratePerS: number('rate', values.rate?.replace(/\/s$/, '')),
      failRate: number('fail-rate', values['fail-rate']),
      resetRate: number('reset-rate', values['reset-rate']),
      garbageRate: number('garbage-rate', values['garbage-rate']),
      latencyMs: latency(values.latency),
      seed: number('seed', values.seed),
      maxBodyBytes: number('max-body-bytes', values['max-body-bytes']),
    });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message, 'Run "voicegate serve --help" for usage.');
    throw error;
  }
  const server = await startEmbeddingServer(options);
  process.stdout.write(`voicegate embedding server on ${server.url}/v1/audio/embedding (${apiKey ? 'Bearer key required' : 'no key required'}); Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  const stats = server.stats();
  process.stdout.write(`served ${stats.requests} requests, ${stats.accepted} embeddings; by status ${JSON.stringify(stats.byStatus)}\n`);
  return EXIT.ok;
}
