#!/usr/bin/env node
/**
 * Finds a `redis-server` for the server package's shared-store tests, or installs one where that is safe.
 * Order: $REDIS_SERVER, `redis-server` on PATH and the usual system paths, Debian's `redis-server` package when
 * running as root with apt-get (scripts/apt-install.mjs), else a clear message. The tests start their own server on a
 * free loopback port (a system service apt may start listens on 6379, which they never use).
 * Prints the path on stdout; exits 1 with what to install when none can be had.
 */
import { pathToFileURL } from 'node:url';
import { findOrInstall, onPath, printFound } from './apt-install.mjs';

const SYSTEM_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server', '/usr/sbin/redis-server'];

/** Returns a working `redis-server` path, installing Debian's package if needed and allowed. */
export const findRedisServer = ({ install = true, log } = {}) =>
  findOrInstall({
    candidates: () => [process.env.REDIS_SERVER, onPath('redis-server'), ...SYSTEM_CANDIDATES],
    packages: ['redis-server'],
    missing:
      'No redis-server found (the server package tests its Redis stores against a real one). Install it and run again: ' +
      'Debian/Ubuntu `sudo apt-get install redis-server`, macOS `brew install redis`, or point REDIS_SERVER at the binary.',
    install,
    log,
  });

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printFound(findRedisServer);
