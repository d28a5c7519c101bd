/**
 * Installs Debian packages the tests need, where that is safe: only as root on a machine with apt-get (a fresh CI
 * machine), never with sudo on a developer's machine. Used by the find-* scripts beside this file.
 */
import { execFileSync, spawnSync } from 'node:child_process';

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
