// Validates the built-in presets (pipelines/*.json) with the preset schema, after tsc, and writes
// dist/validated-presets.json: each file's text with the preset the schema makes of it. loadPreset hands out
// that result for a preset whose text matches exactly, so a cold `voicegate check` does not load zod and build
// every schema to validate again a file the build validated. An invalid built-in preset fails the build.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { parsePreset } from '../dist/gate/presetSchema.js';

const files = (await readdir('pipelines')).filter((file) => file.endsWith('.json')).sort();
const entries = [];
for (const file of files) {
  const text = await readFile(`pipelines/${file}`, 'utf8');
  entries.push({ text, preset: parsePreset(JSON.parse(text), `pipelines/${file}`) });
}
await writeFile('dist/validated-presets.json', `${JSON.stringify(entries)}\n`);
