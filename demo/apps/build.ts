/**
 * `buildDemoApps()`: builds the framework demo pages (React, Vue, Angular) with Vite and the demo's
 * vite.config.ts, into demo/apps/dist. Used by the demo launcher and the end-to-end tests.
 */
import { fileURLToPath } from 'node:url';
import type { LogLevel } from 'vite';

/** Runs `vite build` with demo/vite.config.ts. */
export async function buildDemoApps(logLevel: LogLevel = 'error'): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel });
}
