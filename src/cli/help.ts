export const HELP = {
  main: `voicegate: get voice recordings ready for a voice-cloning service.

Usage
  voicegate check FILE...                      pre-flight: verdict and advice per file
  voicegate run INPUT... --out DIR             batch: measure, judge, fix, report
  voicegate doctor                             which ffmpeg and Node are used
  voicegate COMMAND --help                     options and examples of a command

Exit codes: 0 all accepted, 1 some rejected, 2 usage or configuration error.
`,
  check: `voicegate check FILE... [--pipeline NAME|PATH] [--json]

Checks each recording against a preset (default: voice-clone) and prints the verdict, every measured
value against its limit, and plain advice. Nothing is written.

Options
  --pipeline, -p NAME|PATH   preset name (voice-clone, dataset, report-only) or a preset JSON file
  --json                     print the full JSON report(s) instead of text
  --help, -h                 this help

Examples
  voicegate check my-take.wav
  voicegate check take1.m4a take2.m4a --pipeline dataset
  voicegate check take.wav --json > report.json
`,
  run: `voicegate run INPUT... --out DIR [--pipeline NAME|PATH] [--concurrency N]

Processes files, folders (recursively) and globs: decode, measure, judge, fix (trim, shorten gaps, cut or
split long takes, normalise) and write one JSON report per input under DIR/reports/, fixed audio under
DIR/audio/, and DIR/summary.jsonl + DIR/summary.csv. Inputs are never modified.

Options
  --out, -o DIR              output folder (required)
  --pipeline, -p NAME|PATH   preset name (voice-clone, dataset, report-only) or a preset JSON file (default: dataset)
  --concurrency, -c N        files processed in parallel (default: number of CPU cores)
  --quiet, -q                no progress output
  --help, -h                 this help

Examples
  voicegate run samples/ --out out/
  voicegate run 'recordings/**/*.flac' --pipeline voice-clone --out checked/
  voicegate run a.wav b.mp3 --pipeline ./my-preset.json --out out/ --concurrency 2
`,
  doctor: `voicegate doctor

Prints the Node version, which ffmpeg binary voicegate uses (FFMPEG_PATH, ffmpeg-static, PATH or
@ffmpeg-installer/ffmpeg) and its version.

Examples
  voicegate doctor
  FFMPEG_PATH=/usr/local/bin/ffmpeg voicegate doctor
`,
};
