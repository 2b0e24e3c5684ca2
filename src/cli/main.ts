#!/usr/bin/env node
import { EXIT, UsageError } from './errors.js';
import { HELP } from './help.js';

type Command = (args: string[]) => Promise<number>;

/** Loaded on demand: `check` should not pay for BullMQ, the HTML report or the server at start-up. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check.js')).runCheck,
  run: async () => (await import('./run.js')).runRun,
  report: async () => (await import('./report.js')).runReport,
  doctor: async () => (await import('./doctor.js')).runDoctor,
  serve: async () => (await import('./serve.js')).runServe,
  enqueue: async () => (await import('./enqueue.js')).runEnqueue,
  worker: async () => (await import('./worker.js')).runWorker,
  status: async () => (await import('./status.js')).runStatus,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP.main);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    const { TOOL_VERSION } = await import('../version.js');
    process.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[command];
  if (!load) throw new UsageError(`Unknown command "${command}". Expected one of: ${Object.keys(COMMANDS).join(', ')}.`);
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`voicegate: ${error.message}\n${error.hint ?? 'Run "voicegate --help" for usage.'}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    const code = (error as { code?: string }).code;
    if (code === 'CONFIG_INVALID' || code === 'CONFIG_NOT_FOUND') {
      process.stderr.write(`voicegate: ${(error as Error).message}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    process.stderr.write(`voicegate: ${(error as Error).message}\n`);
    process.exitCode = EXIT.usage;
  },
);
