export const HELP = {
  main: `voicegate: get voice recordings ready for a voice-cloning service.

Usage
  voicegate check FILE...                      pre-flight: verdict and advice per file
  voicegate run INPUT... --out DIR             batch: measure, judge, fix, report
  voicegate serve [--port N]                   the built-in embedding API server, for drills
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
  run: `voicegate run INPUT... --out DIR [--pipeline NAME|PATH] [--concurrency N] [upload options]

Processes files, folders (recursively) and globs: decode, measure, judge, fix (trim, shorten gaps, cut or
split long takes, normalise), upload the accepted clips to the embedding API, and write one JSON report per
input under DIR/reports/, fixed audio under DIR/audio/, DIR/summary.jsonl + DIR/summary.csv and
DIR/embeddings.jsonl. Inputs are never modified.

Uploads go to the built-in local server unless --endpoint names the real service. Every answer is kept in
DIR/upload-journal.jsonl (written durably before a clip counts as uploaded): run the same command again after
a crash or Ctrl-C and it finishes the rest without sending any clip twice.

Options
  --out, -o DIR              output folder (required)
  --pipeline, -p NAME|PATH   preset name (voice-clone, dataset, report-only) or a preset JSON file (default: dataset)
  --concurrency, -c N        files measured in parallel (default: number of CPU cores)
  --quiet, -q                no progress output
  --help, -h                 this help

Upload options (defaults from the preset's "upload" section)
  --endpoint URL             the embedding API's base URL (https unless loopback); default: built-in local server
  --api-key-file FILE        file holding the API key (else VOICEGATE_API_KEY); never printed or stored
  --rate N/s|N/min|off       most requests started per second or minute, retries included
  --upload-concurrency N     requests in flight at once
  --max-attempts N           requests per clip, the first included (429/5xx/resets/timeouts are retried)
  --dry-run                  do everything but send (shows what would be sent)
  --allow-insecure           allow http:// to a non-loopback host (warns)
  --no-upload                measure, judge and fix only

Examples
  voicegate run samples/ --out out/
  voicegate run 'recordings/**/*.flac' --pipeline voice-clone --out checked/
  VOICEGATE_API_KEY=... voicegate run clips/ --out out/ --endpoint https://api.aishengyun.com --rate 5/s
  voicegate run a.wav b.mp3 --pipeline ./my-preset.json --out out/ --concurrency 2 --no-upload
`,
  doctor: `voicegate doctor

Prints the Node version, which ffmpeg binary voicegate uses (FFMPEG_PATH, ffmpeg-static, PATH or
@ffmpeg-installer/ffmpeg) and its version.

Examples
  voicegate doctor
  FFMPEG_PATH=/usr/local/bin/ffmpeg voicegate doctor
`,
  serve: `voicegate serve [--host H] [--port N] [--rate N/s] [fault options]

Runs the built-in embedding server: the embedding API (POST /v1/audio/embedding, multipart field "file",
answer { id, embedding[192] }) computed locally. The vector is a deterministic cepstral voice print, not the
real service's model. It is what "voicegate run" uses when no --endpoint is given; run it on its own to drill
retries, rate limits and resume with "voicegate run --endpoint http://127.0.0.1:PORT".

Options
  --host H                   listen address (default 127.0.0.1)
  --port N                   port (default: a free one, printed)
  --api-key-file F           require "Authorization: Bearer <key>" (also VOICEGATE_API_KEY); none: no auth
  --rate N/s                 answer 429 with Retry-After beyond N requests per second
  --fail-rate R              share of requests answered 500/503 (0..1)
  --reset-rate R             share of connections dropped without an answer (0..1)
  --garbage-rate R           share answered 200 with malformed JSON or a wrong-size embedding (0..1)
  --latency MS|MIN-MAX       added latency per request, fixed or uniform jitter
  --seed N                   seed of the fault draws, so a drill can be replayed (default 1)
  --max-body-bytes N         413 beyond this many bytes (default 20 MiB)
  --help, -h                 this help

Examples
  voicegate serve --port 8787
  VOICEGATE_API_KEY=test voicegate serve --port 8787 --rate 10/s --fail-rate 0.2 --reset-rate 0.05
`,
};
