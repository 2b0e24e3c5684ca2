// Bundles the CLI (dist/cli/main.js, after tsc) and its worker thread into dist/bundle/, the package's bin.
// Why: `voicegate check` is a new process per clip, and Node's ES module loader spent about 100 ms resolving,
// reading and linking the ~150 modules of dist/ and zod one by one; the bundle is a few dozen files, and
// `check` loads only some of them. Commands stay lazily loaded (one chunk each, code splitting), and the
// worker sits beside the chunks, where WorkerPool looks for ./worker.js. Packages that find files next to their
// own code at run time (the ffmpeg binaries, BullMQ's Lua scripts) or that `check` never loads (undici,
// ioredis) stay in node_modules. zod's messages are English only: its other locales (a third of its code,
// never selected) are left out.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

/** zod's locales/index.js, which re-exports every language, replaced by English alone (what zod configures). */
const englishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (args.importer.includes('/node_modules/zod/') ? { path: args.path, namespace: 'zod-en' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-en' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: process.cwd() }));
  },
};

// esbuild leaves the chunks of earlier builds (their names carry a content hash) in place.
rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: { voicegate: 'dist/cli/main.js', worker: 'dist/pipeline/worker.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@ffmpeg-installer/*', 'ffmpeg-static', 'bullmq', 'ioredis', 'undici'],
  plugins: [englishOnly],
  logLevel: 'warning',
});
