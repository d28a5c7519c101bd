/**
 * The Next.js App Router app of the end-to-end tests (test/next-app): `next build` once per change of its inputs
 * (its own files and the built packages it uses), then `next start` on a free port, offline, without telemetry.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outputTail, stopChild } from '../../browser-support/child-process.mjs';
import { freePort } from '../../browser-support/ports.mjs';
import { sleep } from '../../browser-support/sleep.mjs';

const APP = fileURLToPath(new URL('../../next-app/', import.meta.url));
const PACKAGES = fileURLToPath(new URL('../../../packages/', import.meta.url));
const NEXT_BIN = join(APP, 'node_modules', 'next', 'dist', 'bin', 'next');
const STAMP = join(APP, '.next', 'cosmo-inputs.sha256');
/** Offline and quiet: no telemetry, no update check. */
const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !/[/\\](node_modules|\.next)[/\\]/.test(path) && !path.endsWith('next-env.d.ts'))
    .sort();
}

/** A hash of everything the build reads that can change here: the app and the dist of the packages it imports. */
function inputsHash(): string {
  const hash = createHash('sha256');
  for (const path of [...files(APP), ...['protocol', 'server', 'widgets', 'react'].flatMap((name) => files(join(PACKAGES, name, 'dist')))]) {
    hash.update(path).update(readFileSync(path));
  }
  return hash.digest('hex');
}

/** Runs `next build` unless the last build had the same inputs. */
export function buildNextApp(): void {
  const hash = inputsHash();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) return;
  const result = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: APP, env: { ...process.env, ...NEXT_ENV }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`next build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  writeFileSync(STAMP, hash);
}

/** A running `next start`. */
export interface NextApp {
  url: string;
  close(): Promise<void>;
}

/** Starts the built app with `env` (the Cosmo settings its routes read) and waits until it answers. */
export async function startNextApp(env: Record<string, string>): Promise<NextApp> {
  const port = await freePort();
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: APP,
    env: { ...process.env, ...NEXT_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = outputTail();
  child.stdout.on('data', output.keep);
  child.stderr.on('data', output.keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const close = () => stopChild(child, exited, { graceMs: 5000 });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output.text()}`);
    // Any answer from the app's own route means it is up.
    if ((await fetch(`${url}/sign-in`).then((response) => response.status, () => 0)) === 400) return { url, close };
    if (Date.now() > deadline) {
      await close();
      throw new Error(`next start did not answer within 30 s:\n${output.text()}`);
    }
    await sleep(200);
  }
}
