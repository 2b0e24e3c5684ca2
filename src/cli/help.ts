export const HELP = {
  main: `voicegate: get voice recordings ready for a voice-cloning service.

Usage
  voicegate check FILE...                      pre-flight: verdict and advice per file
  voicegate run INPUT... --out DIR             batch: measure, judge, fix, report
  voicegate report OUT_DIR                     a self-contained HTML page of a run's output folder
  voicegate serve [--port N]                   the built-in embedding API server, for drills
  voicegate doctor                             which ffmpeg and Node are used
  voicegate enqueue INPUT... --out DIR         scale-out: queue files in Redis for many workers
  voicegate worker                             scale-out: process queued files (run one per machine)
  voicegate status                             scale-out: queue progress, summary of the shared folder
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
  --html                     also write DIR/report.html (as "voicegate report DIR" does)
  --speaker-from dir|REGEX   group clips by speaker (their folder, or the regex's first group over the
                             path) and flag clips whose voice does not match their group (speaker-outlier)
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
  voicegate run speakers/ --out out/ --speaker-from dir --html
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
  enqueue: `voicegate enqueue INPUT... --out DIR [--redis URL] [--queue NAME] [--pipeline NAME|PATH] [upload options]

Scale-out: adds one job per input file to a BullMQ queue in Redis; "voicegate worker" processes them on any
number of machines. The job id is the file's content sha256 plus the preset, so enqueueing the same files
again adds nothing. Paths are stored absolute: every worker must see the inputs and DIR at the same paths
(a shared mount). Prints how many files were queued.

Options
  --out, -o DIR              shared output folder (required): reports/, audio/, summaries
  --pipeline, -p NAME|PATH   preset name or a preset JSON file (default: dataset)
  --redis URL                Redis URL (default: VOICEGATE_REDIS_URL, else redis://127.0.0.1:6379)
  --queue NAME               queue name (default: voicegate)
  --attempts N               tries per job before it fails for good (crashes, disk or Redis errors; default 3)
  --help, -h                 this help

Upload options (as for "voicegate run"; the API key is given to each worker, never stored in Redis)
  --endpoint URL             the embedding API's base URL; default: each worker's built-in local server
  --rate N/s|N/min|off       most requests started per second or minute across ALL workers, retries included
  --upload-concurrency N     requests in flight at once per worker
  --max-attempts N           requests per clip, the first included
  --allow-insecure           allow http:// to a non-loopback host
  --no-upload                measure, judge and fix only

Examples
  voicegate enqueue /mnt/shared/clips --out /mnt/shared/out --redis redis://queue:6379 --endpoint https://api.aishengyun.com --rate 5/s
  voicegate enqueue 'takes/**/*.flac' --pipeline voice-clone --out /mnt/shared/checked --queue takes
`,
  worker: `voicegate worker [--redis URL] [--queue NAME] [--concurrency N] [--api-key-file FILE]

Scale-out: takes queued files and runs the same per-file pipeline as "voicegate run" (decode, measure,
judge, fix, upload, report), writing the same reports under the job's output folder. A job is acknowledged
only once its report (fsync'ed, written under a temporary name and renamed) and its journal entries are
stored. The upload journal lives in Redis (content sha256 + endpoint), so across all workers a clip is sent
once; the --rate given at enqueue holds across all workers, and a Retry-After from the API pauses every one.
Runs until stopped: SIGTERM or Ctrl-C finishes the active jobs and exits; a second signal quits at once, and
after --lock-duration another worker retries what was left (a SIGKILLed worker's jobs, likewise).

Options
  --redis URL                Redis URL (default: VOICEGATE_REDIS_URL, else redis://127.0.0.1:6379)
  --queue NAME               queue name (default: voicegate)
  --concurrency, -c N        files processed at once (default: number of CPU cores)
  --api-key-file FILE        file holding the API key (else VOICEGATE_API_KEY)
  --lock-duration MS         a job whose worker stopped renewing its lock this long is retried (default 30000)
  --quiet, -q                no line per file
  --help, -h                 this help

Examples
  VOICEGATE_API_KEY=... voicegate worker --redis redis://queue:6379
  voicegate worker --redis redis://queue:6379 --queue takes --concurrency 8 --api-key-file /run/secrets/vg-key
`,
  status: `voicegate status [--redis URL] [--queue NAME] [--watch] [--summary] [--json]

Scale-out: how many jobs are waiting, active, delayed for a retry, completed and failed, the recent rate and
the ETA (a progress bar on a terminal), and the cause of each failed job. --summary (re)writes summary.jsonl,
summary.csv and embeddings.jsonl in every output folder of the queue from its reports, at any time; a job
that failed for good gets a report with its cause first, so it shows up as rejected.

Options
  --redis URL                Redis URL (default: VOICEGATE_REDIS_URL, else redis://127.0.0.1:6379)
  --queue NAME               queue name (default: voicegate)
  --watch, -w                keep updating until nothing is waiting or active
  --interval MS              how often --watch polls (default 1000)
  --summary                  write the summaries (after --watch: once the queue is done)
  --json                     print the counts as JSON
  --help, -h                 this help

Exit codes: 0 no job failed, 1 some job failed for good.

Examples
  voicegate status --redis redis://queue:6379
  voicegate status --redis redis://queue:6379 --watch --summary
`,
  report: `voicegate report OUT_DIR [--out-file FILE] [--speaker-from dir|REGEX] [--pictures WHICH] [--max-pictures N]

Turns the output folder of "voicegate run" into one self-contained HTML page (no network: styles, script and
data inlined): counts by verdict, the rules that fired, audio hours, upload results, histograms of SNR, C50,
loudness, duration and speech ratio with the preset's limits, a sortable and filterable table of every file
and fixed output, and per file its checks against their limits, advice, audio players and (for the files
chosen by --pictures) waveform and spectrogram with pauses, clipping, silences and fix cuts marked.
Pictures go to a folder beside the page ("report_files/"); links are relative, so OUT_DIR can be zipped.
The reports are only read.

Options
  --out-file, -o FILE        the page to write (default OUT_DIR/report.html)
  --speaker-from dir|REGEX   add speaker consistency from the embeddings: group by folder, or by the regex's
                             first capture group over the input's relative path
  --pictures WHICH           none, rejected, problems (rejected and fixed; default) or all
  --max-pictures N           at most N files get pictures, rejected first (default 200)
  --pipeline, -p NAME|PATH   the preset whose limits are drawn (default: the one the reports name)
  --help, -h                 this help

Examples
  voicegate report out/
  voicegate report out/ --speaker-from dir --pictures all --out-file audit.html
  voicegate report out/ --speaker-from '^speakers/([^/]+)/' --pictures rejected --max-pictures 50
`,
};
