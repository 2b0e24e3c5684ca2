#!/usr/bin/env node
import { runCheck } from './check.js';
import { runDoctor } from './doctor.js';
import { runEnqueue } from './enqueue.js';
import { EXIT, UsageError } from './errors.js';
import { HELP } from './help.js';
import { runReport } from './report.js';
import { runRun } from './run.js';
import { runServe } from './serve.js';
import { runStatus } from './status.js';
import { runWorker } from './worker.js';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  check: runCheck,
  run: runRun,
  report: runReport,
  doctor: runDoctor,
  serve: runServe,
  enqueue: runEnqueue,
  worker: runWorker,
  status: runStatus,
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
  const handler = COMMANDS[command];
  if (!handler) throw new UsageError(`Unknown command "${command}". Expected one of: ${Object.keys(COMMANDS).join(', ')}.`);
  return handler(rest);
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
