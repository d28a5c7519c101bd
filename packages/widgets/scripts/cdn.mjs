/**
 * The script-tag files for the scripts and tests that need them fresh: `buildCdn()` runs Vite with this
 * package's vite.config.ts (the same build as `vite build`) and resolves with cdn/manifest.json.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createBuilder } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const cdnDir = new URL('../cdn/', import.meta.url);

/** A file of cdn/, as a path. */
export const cdnFile = (name) => fileURLToPath(new URL(name, cdnDir));

/** The stable-name elements bundle (an alias of the versioned one). */
export const outfile = cdnFile('cosmo-widgets.js');

/**
 * Builds every script-tag file and the manifest.
 * @returns {Promise<{ name: string, version: string, algorithm: string, files: Record<string, { integrity: string, size: number, gzipSize: number, immutable: boolean, map: string }> }>}
 */
export async function buildCdn({ logLevel = /** @type {import('vite').LogLevel} */ ('warn') } = {}) {
  const builder = await createBuilder({ root, logLevel });
  await builder.buildApp();
  return JSON.parse(await readFile(new URL('manifest.json', cdnDir), 'utf8'));
}
