/**
 * Finds the binaries the tests need, or installs their Debian packages where that is safe: only as root on a machine
 * with apt-get (a fresh CI machine), never with sudo on a developer's machine. Used by the find-* scripts beside this file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Whether `path` exists and runs (`<path> --version` unless told otherwise) within 30 s. */
export const runs = (path, args = ['--version']) => existsSync(path) && spawnSync(path, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;

/** The path a shell would run for `name` (`command -v`), if any. */
export const onPath = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim() || undefined;

/** Whether this process may install Debian packages itself (root, apt-get present). */
export const canAptInstall = () => process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

let updated = false;

/** `apt-get install -y <packages>` (after one `apt-get update` per process); throws when apt-get fails. */
export function aptInstall(packages, log = (line) => process.stderr.write(`${line}\n`)) {
  log(`Installing Debian packages ${packages.join(' ')} (apt-get, as root)…`);
  const update = updated ? '' : 'apt-get update -qq && ';
  execFileSync('sh', ['-c', `${update}DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')} >/dev/null`], { stdio: 'inherit' });
  updated = true;
}

/**
 * The first of `candidates()` that runs; when none does, installs `packages` (if `install` and allowed) and looks
 * again; else throws `missing`.
 */
export function findOrInstall({ candidates, packages, missing, install = true, log = (line) => process.stderr.write(`${line}\n`) }) {
  const find = () => candidates().filter(Boolean).find((path) => runs(path));
  let found = find();
  if (!found && install && canAptInstall()) {
    aptInstall(packages, log);
    found = find();
  }
  if (!found) throw new Error(missing);
  return found;
}

/** A find-* script run from the command line: prints what `find()` returns, or its error and exits 1. */
export function printFound(find) {
  try {
    process.stdout.write(`${find()}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
