import { existsSync, readFileSync } from 'node:fs';

/**
 * The package version, read once from voicegate's package.json: the nearest one above this module, which is
 * one level up from src/ and dist/, two from the bundled CLI in dist/bundle/.
 */
function packageVersion(): string {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    const file = new URL('package.json', dir);
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'voicegate' && typeof pkg.version === 'string') return pkg.version;
    }
    if (dir.pathname === '/') throw new Error(`voicegate's package.json not found above ${import.meta.url}`);
  }
}

export const TOOL_VERSION: string = packageVersion();
