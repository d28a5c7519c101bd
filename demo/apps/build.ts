/**
 * Builds the framework demo pages (React, Vue, Angular) into demo/apps/dist with the root vite.config.ts.
 * Used by the end-to-end tests and the demo launcher; `pnpm build:apps` does the same from the shell.
 */
import { fileURLToPath } from 'node:url';

/** Where the built pages land; the demo backend serves this folder under `/apps/`. */
export const DEMO_APPS_DIST = fileURLToPath(new URL('./dist/', import.meta.url));

/** Runs `vite build` for the three pages. */
export async function buildDemoApps(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)), logLevel: 'error' });
}
