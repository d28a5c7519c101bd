/**
 * Server rendering (Next.js, Nuxt, Astro import packages in Node): importing every public entry of
 * every publishable package in a plain Node process, without a DOM, throws nothing and does not
 * touch `window`, `document` or `customElements`.
 *
 * Each entry runs in its own child process (one entry cannot mask another), started with
 * support/ssr-trap.mjs, which records every lookup of those globals with the code that did it.
 * Existence probes (`typeof document`, `'document' in globalThis`) are allowed: that is how
 * SSR-safe code asks. Reads and writes are not, except two that Lit's own Node build makes by
 * design (ALLOWED below), which Lit documents for server rendering.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { publicEntries, publishablePackages } from './support/packages.js';

const run = promisify(execFile);
const TRAP = new URL('./support/ssr-trap.mjs', import.meta.url).href;

interface TrapRecord {
  op: 'probe' | 'get' | 'set';
  name: 'window' | 'document' | 'customElements';
  at: string;
}

/** Accesses by Lit's Node build: it installs a `customElements` registry shim, and checks whether a `document` exists. */
const ALLOWED: { where: RegExp; op: TrapRecord['op']; name: TrapRecord['name'] }[] = [
  { where: /\/@lit\/reactive-element\/node\/reactive-element\.js:/, op: 'get', name: 'customElements' },
  { where: /\/@lit\/reactive-element\/node\/reactive-element\.js:/, op: 'set', name: 'customElements' },
  { where: /\/lit-html\/node\/lit-html\.js:/, op: 'get', name: 'document' },
];

/** Imports `target` (a specifier resolved from inside the package, or a file URL) under the trap. */
async function importInNode(target: string, cwd: string): Promise<{ records: TrapRecord[]; stderr: string }> {
  const { stdout, stderr } = await run(process.execPath, ['--import', TRAP, '--input-type=module', '-e', 'await import(process.env.SSR_ENTRY);'], {
    cwd,
    env: { PATH: process.env.PATH, SSR_ENTRY: target },
    timeout: 30_000,
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`importing ${target} failed:\n${error.stderr || error.message}`);
  });
  const line = stdout.split('\n').find((l) => l.startsWith('SSR-TRAP '));
  assert.ok(line, `the trap reported nothing for ${target}`);
  return { records: JSON.parse(line.slice('SSR-TRAP '.length)) as TrapRecord[], stderr };
}

function assertUntouched(target: string, records: TrapRecord[]): void {
  const touched = records.filter((r) => r.op !== 'probe' && !ALLOWED.some((a) => a.op === r.op && a.name === r.name && a.where.test(r.at)));
  assert.deepEqual(touched, [], `${target} touched browser globals at import:\n${touched.map((r) => `  ${r.op} ${r.name} at ${r.at}`).join('\n')}`);
}

const packages = publishablePackages();

describe('every public entry imports in Node without touching window, document or customElements', { concurrency: 2 }, () => {
  it('finds the publishable packages and their entries', () => {
    const names = packages.map((p) => p.json.name);
    for (const expected of ['@cosmopoints/protocol', '@cosmopoints/server', '@cosmopoints/widgets']) assert.ok(names.includes(expected), expected);
    const widgets = packages.find((p) => p.json.name === '@cosmopoints/widgets')!;
    const specifiers = publicEntries(widgets).map((e) => e.specifier);
    for (const expected of ['@cosmopoints/widgets', '@cosmopoints/widgets/define', '@cosmopoints/widgets/webview', '@cosmopoints/widgets/webview/auto']) {
      assert.ok(specifiers.includes(expected), expected);
    }
  });

  for (const pkg of packages) {
    for (const entry of publicEntries(pkg)) {
      const missing = Object.values(entry.files).filter((file) => !existsSync(join(pkg.dir, file)));
      // Every package must be built (pnpm build; the root test runner builds first).
      it(`${entry.specifier}`, async (t) => {
        assert.deepEqual(missing, [], `${entry.specifier}: missing ${missing.join(', ')} (run pnpm build)`);
        // As Node resolves it (the package's own name, from inside the package), then each condition's file.
        const targets = [entry.specifier, ...new Set(Object.values(entry.files).map((file) => pathToFileURL(join(pkg.dir, file)).href))];
        for (const target of targets) {
          const { records } = await importInNode(target, pkg.dir);
          const probes = records.filter((r) => r.op === 'probe');
          if (probes.length > 0) t.diagnostic(`${target}: probes ${probes.map((p) => `${p.name} (${p.at.replace(/^.*\/(packages|node_modules)\//, '')})`).join(', ')}`);
          assertUntouched(target, records);
        }
      });
    }
  }

  it('the trap catches a module that reads document at import', async () => {
    const source = 'data:text/javascript,export const title = globalThis.document?.title;';
    const { records } = await importInNode(source, process.cwd());
    assert.throws(() => assertUntouched(source, records), /touched browser globals at import:\n {2}get document/);
  });

  it('the trap turns a bare window reference into the ReferenceError Node would throw', async () => {
    await assert.rejects(importInNode('data:text/javascript,window.addEventListener("load", () => {});', process.cwd()), /ReferenceError: window is not defined/);
  });
});
