import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Preset } from './presetSchema.js';
import type { RuleSetting } from './types.js';

export type { Preset } from './presetSchema.js';

/** A rule's setting as loaded: severity plus its options with every default filled in. */
export type RuleEntry = [RuleSetting, Record<string, unknown>];

export type PresetErrorCode = 'CONFIG_INVALID' | 'CONFIG_NOT_FOUND';

/** A preset that cannot be found or is invalid; the CLI exits with 2. */
export class PresetError extends Error {
  readonly code: PresetErrorCode;
  /** Every problem as "path: problem". */
  readonly issues: string[];

  constructor(code: PresetErrorCode, message: string, issues: string[] = [], options?: ErrorOptions) {
    super(issues.length > 0 ? `${message}\n${issues.map((issue) => `  ${issue}`).join('\n')}` : message, options);
    this.name = 'PresetError';
    this.code = code;
    this.issues = issues;
  }
}

// src/gate/ under vitest and dist/gate/ after tsc both sit two levels below the package root.
const PIPELINES_DIR = fileURLToPath(new URL('../../pipelines/', import.meta.url));

// Written by `npm run build` (scripts/validate-presets.mjs) one level below dist/, where dist/gate/ (tsc) and
// dist/bundle/ (the bin) both find it; under vitest (src/gate/) there is none.
const VALIDATED_PRESETS = new URL('../validated-presets.json', import.meta.url);

let validated: Promise<Map<string, string>> | undefined;

/**
 * Preset text → the preset the schema made of that exact text at build time, as JSON (each load gets its own
 * copy). A built-in preset then loads without zod: building and running the schemas took about 60 ms of a cold
 * `check`. Without the file every preset goes through the schema.
 */
function validatedPresets(): Promise<Map<string, string>> {
  validated ??= readFile(VALIDATED_PRESETS, 'utf8')
    .then((json) => new Map((JSON.parse(json) as { text: string; preset: unknown }[]).map((entry) => [entry.text, JSON.stringify(entry.preset)])))
    .catch(() => new Map<string, string>());
  return validated;
}

/** Names of the presets shipped in pipelines/. */
export async function presetNames(): Promise<string[]> {
  const files = await readdir(PIPELINES_DIR);
  return files.filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -'.json'.length)).sort();
}

/** A bare name ("dataset") loads pipelines/<name>.json from the package; anything else is a path to a preset file. */
export async function loadPreset(nameOrPath: string): Promise<Preset> {
  const bareName = /^[\w-]+$/.test(nameOrPath);
  const file = bareName ? path.join(PIPELINES_DIR, `${nameOrPath}.json`) : path.resolve(nameOrPath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (bareName && code === 'ENOENT') {
      const names = await presetNames();
      throw new PresetError('CONFIG_NOT_FOUND', `Unknown pipeline "${nameOrPath}": expected one of ${names.join(', ')}, or a path to a preset JSON file`, [], { cause: error });
    }
    throw new PresetError('CONFIG_NOT_FOUND', `Cannot read preset ${nameOrPath}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`, [], { cause: error });
  }
  const validated = (await validatedPresets()).get(text);
  if (validated !== undefined) return JSON.parse(validated) as Preset;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PresetError('CONFIG_INVALID', `Invalid preset ${nameOrPath}: not valid JSON (${(error as Error).message})`, [], { cause: error });
  }
  const { parsePreset } = await import('./presetSchema.js');
  return parsePreset(data, nameOrPath);
}

