// @ts-check
/**
 * WebKit for the tests: WebKitGTK's MiniBrowser, driven by `WebKitWebDriver` (W3C WebDriver, classic: WebKitGTK has
 * no WebDriver BiDi yet), on a virtual X display of its own from Xvfb. The paths come from scripts/find-browsers.mjs
 * (`WEBKIT_WEBDRIVER_PATH`, `MINIBROWSER_PATH`, `XVFB_PATH`).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputTail, stopChild, within } from './child-process.mjs';
import { freePort } from './ports.mjs';
import { sleep } from './sleep.mjs';

const MINIBROWSER = () => process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * WebdriverIO's options for every WebKit session (wtr's launcher, the end-to-end driver). By default WebdriverIO sends a
 * WebDriver command again, up to 3 times with a growing pause, when it fails (a script that threw, a click that did
 * not land, a refused connection): a hidden retry that turns a flaky step into a slow pass. Off: a failed command
 * fails the test, in WebKit as in the other engines.
 */
export const WEBDRIVER_OPTIONS = /** @type {const} */ ({ logLevel: 'error', connectionRetryCount: 0 });

/**
 * The capabilities that make WebKitWebDriver start MiniBrowser in automation mode, with `args` added to its command
 * line (e.g. `--cookies-policy=always`; `MiniBrowser --help` lists them).
 * @param {readonly string[]} [args]
 */
export const webkitCapabilities = (args = []) => ({
  browserName: 'MiniBrowser',
  // WebdriverIO 9 asks for a BiDi socket unless told not to, and WebKitWebDriver refuses that session.
  'wdio:enforceWebDriverClassic': true,
  'webkitgtk:browserOptions': { binary: MINIBROWSER(), args: ['--automation', ...args] },
});

/**
 * A virtual X display for MiniBrowser: Xvfb, started here rather than through `xvfb-run`, so that nothing about it is
 * left to timing:
 * - `-displayfd 3`: Xvfb picks a free display number itself and writes it on fd 3 once it accepts connections (no two
 *   Xvfbs racing for a number, and a readiness signal instead of a guess);
 * - `-noreset`: by default an X server resets when its last client leaves and drops every client that connects
 *   meanwhile, so a MiniBrowser started just as the previous session's closed failed with "cannot open display" (and
 *   WebKitWebDriver then never answers that `POST /session`). Measured with `xdpyinfo` pairs racing one another: 13
 *   of 2,000 connections refused with the reset, none without;
 * - `-auth`: a fresh MIT-MAGIC-COOKIE-1, so only processes given its `XAUTHORITY` file can use the display. The file
 *   holds one entry for any display number (family "wild", empty number), written here in Xauthority's format
 *   (per field: a 16-bit big-endian length, then the bytes), as the number is Xvfb's choice.
 * `close()` ends Xvfb with SIGTERM, on which it removes its lock file, and deletes the cookie's folder.
 * @param {(chunk: Buffer) => void} keep
 * @returns {Promise<{ env: { DISPLAY: string, XAUTHORITY: string }, close(): Promise<void> }>}
 */
async function startXvfb(keep) {
  const folder = mkdtempSync(join(tmpdir(), 'cosmo-xvfb-'));
  const xauthority = join(folder, 'Xauthority');
  const field = (/** @type {Buffer} */ bytes) => Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
  const FAMILY_WILD = Buffer.from([0xff, 0xff]);
  writeFileSync(xauthority, Buffer.concat([FAMILY_WILD, field(Buffer.alloc(0)), field(Buffer.alloc(0)), field(Buffer.from('MIT-MAGIC-COOKIE-1')), field(randomBytes(16))]), { mode: 0o600 });
  const args = ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp', '-noreset', '-auth', xauthority];
  const xvfb = spawn(process.env.XVFB_PATH || 'Xvfb', args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  xvfb.stdout?.on('data', keep);
  xvfb.stderr?.on('data', keep);
  const exited = new Promise((resolve) => xvfb.once('exit', resolve));
  const close = async () => {
    await stopChild(xvfb, exited);
    rmSync(folder, { recursive: true, force: true });
  };
  const displayfd = /** @type {import('node:stream').Readable} */ (xvfb.stdio[3]);
  let written = '';
  const display = await within(
    Promise.race([
      new Promise((resolve) => displayfd.on('data', (chunk) => (written += chunk).includes('\n') && resolve(written.trim()))),
      new Promise((resolve) => xvfb.once('error', resolve)).then((error) => `could not start Xvfb: ${error}`),
      exited.then((code) => `Xvfb exited (${code})`),
    ]),
    20_000,
    'Xvfb gave no display within 20 s',
  );
  if (!/^\d+$/.test(/** @type {string} */ (display))) {
    await close();
    throw new Error(/** @type {string} */ (display));
  }
  return { env: { DISPLAY: `:${display}`, XAUTHORITY: xauthority }, close };
}

/**
 * Starts Xvfb (see {@link startXvfb}), then `WebKitWebDriver --port=<free port>` on its display, in its own process
 * group, and waits until the driver answers `GET /status`. `close()` ends the driver's whole group (the driver and any
 * MiniBrowser left behind), then Xvfb. `env` is added to the environment of the driver and of the MiniBrowsers it
 * starts (e.g. `XDG_CONFIG_HOME` for GTK's settings). `output()` is the end of what the driver, its MiniBrowsers and
 * Xvfb printed (nothing, when all is well), for the message of a session that could not start: WebKitWebDriver never
 * answers `POST /session` when the MiniBrowser it launched exits before connecting (in its source,
 * `SessionHost::connectToBrowser` then returns without completing), so the client's timeout and this text are all
 * there is to go on.
 * @param {{ env?: Record<string, string> }} [options]
 * @returns {Promise<{ hostname: string, port: number, close(): Promise<void>, output(): string }>}
 */
export async function startWebKitDriver({ env = {} } = {}) {
  const output = outputTail();
  const display = await startXvfb(output.keep);
  const port = await freePort();
  const driver = process.env.WEBKIT_WEBDRIVER_PATH || 'WebKitWebDriver';
  const child = spawn(driver, [`--port=${port}`], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, ...display.env } });
  child.stdout.on('data', output.keep);
  child.stderr.on('data', output.keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  /** @type {string | undefined} */
  let failure;
  child.once('error', (error) => (failure = `could not start WebKitWebDriver: ${error}`));
  const close = async () => {
    await stopChild(child, exited, { group: true });
    await display.close();
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (failure !== undefined || child.exitCode !== null || child.signalCode !== null) {
      await close();
      throw new Error(`${failure ?? `WebKitWebDriver exited (${child.exitCode ?? child.signalCode})`}: ${output.text()}`);
    }
    const ready = await fetch(`http://127.0.0.1:${port}/status`).then((response) => response.ok, () => false);
    if (ready) return { hostname: '127.0.0.1', port, close, output: output.text };
    if (Date.now() > deadline) {
      await close();
      throw new Error(`WebKitWebDriver did not answer on port ${port} within 20 s: ${output.text()}`);
    }
    await sleep(100);
  }
}
