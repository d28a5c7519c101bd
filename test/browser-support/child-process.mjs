// @ts-check
/**
 * The test support's child processes (WebKitWebDriver and its Xvfb, the Next.js app): what they printed, for a
 * failure's message, and how they are ended.
 */
import { sleep } from './sleep.mjs';

/** The last 4,000 characters handed to `keep` (a child's stdout and stderr, or several children's). */
export function outputTail() {
  let text = '';
  return {
    keep: (/** @type {Buffer | string} */ chunk) => void (text = (text + chunk).slice(-4000)),
    text: () => text,
  };
}

/**
 * `promise`'s value, or `fallback` once `ms` have passed without it. The timer ends with the race, so it never keeps
 * Node running after the value came.
 * @template T, F
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {F} fallback
 * @returns {Promise<T | F>}
 */
export async function within(promise, ms, fallback) {
  const settled = new AbortController();
  try {
    return await Promise.race([promise, sleep(ms, settled.signal).then(() => fallback)]);
  } finally {
    settled.abort();
  }
}

/**
 * Ends `child` (`exited`: its `exit` event): SIGTERM, then SIGKILL if it has not exited after `graceMs`. With
 * `group`, the signals go to its whole process group (a driver and the browsers it started), and the SIGKILL always
 * follows, for what outlives the child itself.
 * @param {import('node:child_process').ChildProcess} child
 * @param {Promise<unknown>} exited
 * @param {{ group?: boolean, graceMs?: number }} [options]
 */
export async function stopChild(child, exited, { group = false, graceMs = 3000 } = {}) {
  if (child.pid === undefined) return; // never started
  if (!group && (child.exitCode !== null || child.signalCode !== null)) return; // gone already
  const target = group ? -child.pid : child.pid;
  const signal = (/** @type {NodeJS.Signals} */ name) => {
    try {
      process.kill(target, name);
      return true;
    } catch {
      return false; // already gone
    }
  };
  if (!signal('SIGTERM')) return;
  const done = await within(exited.then(() => true), graceMs, false);
  if (group || !done) signal('SIGKILL');
}
