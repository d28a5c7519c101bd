#!/usr/bin/env node
/**
 * Finds a `redis-server` for the server package's shared-store tests, or installs one where that is safe.
 * Order: $REDIS_SERVER, `redis-server` on PATH and the usual system paths, Debian's `redis-server` package when
 * running as root with apt-get (scripts/apt-install.mjs), else a clear message. The tests start their own server on a
 * free loopback port (a system service apt may start listens on 6379, which they never use).
 * Prints the path on stdout; exits 1 with what to install when none can be had.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { aptInstall, canAptInstall } from './apt-install.mjs';

const SYSTEM_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server', '/usr/sbin/redis-server'];

const works = (path) => spawnSync(path, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;

function onPath() {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

/** Returns a working `redis-server` path, installing Debian's package if needed and allowed. */
export function findRedisServer({ install = true, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const candidates = [process.env.REDIS_SERVER, onPath(), ...SYSTEM_CANDIDATES].filter(Boolean);
  const found = candidates.find((path) => existsSync(path) && works(path));
  if (found) return found;
  if (install && canAptInstall()) {
    aptInstall(['redis-server'], log);
    const installed = onPath() ?? SYSTEM_CANDIDATES.find((path) => existsSync(path));
    if (installed && works(installed)) return installed;
  }
  throw new Error(
    'No redis-server found (the server package tests its Redis stores against a real one). Install it and run again: ' +
      'Debian/Ubuntu `sudo apt-get install redis-server`, macOS `brew install redis`, or point REDIS_SERVER at the binary.',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.stdout.write(`${findRedisServer()}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
