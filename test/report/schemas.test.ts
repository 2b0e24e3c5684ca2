import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { presetJsonSchema } from '../../src/gate/presetSchema.js';
import { reportJsonSchema } from '../../src/report/schema.js';

// The committed schemas are what editors and other tools read: they must match the code (npm run schemas).
describe('committed JSON Schemas', () => {
  it.each([
    ['schemas/report.schema.json', reportJsonSchema],
    ['schemas/pipeline.schema.json', presetJsonSchema],
  ])('%s is up to date', (file, generate) => {
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(generate());
  });
});
