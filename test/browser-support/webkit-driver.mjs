// @ts-check
/**
 * WebKit for the tests: WebKitGTK's MiniBrowser, driven by `WebKitWebDriver` (W3C WebDriver, classic: WebKitGTK has
 * no WebDriver BiDi yet), on a virtual X display from `xvfb-run -a`. The paths come from scripts/find-browsers.mjs
 * (`WEBKIT_WEBDRIVER_PATH`, `MINIBROWSER_PATH`, `XVFB_RUN_PATH`).
 */
import { spawn } from 'node:child_process';
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
 * Starts `xvfb-run -a WebKitWebDriver --port=<free port>` in its own process group and waits until it answers
 * `GET /status`. `close()` ends the whole group (driver, Xvfb, any MiniBrowser left behind). `env` is added to the
 * environment of the driver and of the MiniBrowsers it starts (e.g. `XDG_CONFIG_HOME` for GTK's settings).
 * `output()` is the end of what the driver and its MiniBrowsers printed (nothing, when all is well), for the message
 * of a session that could not start: WebKitWebDriver never answers `POST /session` when the MiniBrowser it launched
 * exits before connecting (in its source, `SessionHost::connectToBrowser` then returns without completing), so the
 * client's timeout and this text are all there is to go on.
 * @param {{ env?: Record<string, string> }} [options]
 * @returns {Promise<{ hostname: string, port: number, close(): Promise<void>, output(): string }>}
 */
export async function startWebKitDriver({ env = {} } = {}) {
  const port = await freePort();
  const driver = process.env.WEBKIT_WEBDRIVER_PATH || 'WebKitWebDriver';
  const child = spawn(process.env.XVFB_RUN_PATH || 'xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', driver, `--port=${port}`], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  const keep = (/** @type {Buffer} */ chunk) => (output = (output + chunk).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const close = async () => {
    const group = child.pid;
    if (group === undefined) return; // never started
    try {
      process.kill(-group, 'SIGTERM');
    } catch {
      return; // already gone
    }
    await Promise.race([exited, sleep(3000)]);
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // gone
    }
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode}): ${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}/status`).then((response) => response.ok, () => false);
    if (ready) return { hostname: '127.0.0.1', port, close, output: () => output };
    if (Date.now() > deadline) {
      await close();
      throw new Error(`WebKitWebDriver did not answer on port ${port} within 20 s: ${output}`);
    }
    await sleep(100);
  }
}
