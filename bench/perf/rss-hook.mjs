// Preloaded with `node --import` by the benchmark: writes the process's peak RSS (worker threads included) to
// $VOICEGATE_BENCH_RSS_FILE when it exits, so a child process can report its own high-water mark.
import { writeFileSync } from 'node:fs';

const file = process.env.VOICEGATE_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS / 1024)));
