#!/usr/bin/env node
// Writes schemas/report.schema.json and schemas/pipeline.schema.json from the zod schemas in the built code
// (run `npm run build` first; `npm run schemas` does both). test/report/schemas.test.ts fails when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { presetJsonSchema } from '../dist/gate/presetSchema.js';
import { reportJsonSchema } from '../dist/report/schema.js';

mkdirSync('schemas', { recursive: true });
writeFileSync('schemas/report.schema.json', `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
writeFileSync('schemas/pipeline.schema.json', `${JSON.stringify(presetJsonSchema(), null, 2)}\n`);
console.log('wrote schemas/report.schema.json and schemas/pipeline.schema.json');
