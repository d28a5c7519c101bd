/**
 * Package correctness of every publishable package (packages/*, not private): `publint` reports nothing
 * (no error, warning or suggestion) on its package.json and files, and `@arethetypeswrong/core` (attw's engine) on
 * the tarball `pnpm pack` makes (what npm would serve) resolves every export's types under
 * node16 (ESM) and bundler resolution with no problem. The packages are ESM-only (`type: module`,
 * no `require` condition), so CommonJS resolution (node10, node16 from CJS) may only report that.
 * Runs offline: attw is given the tarball bytes, and `fetch` is trapped to prove it asks nothing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { publishablePackages } from './support/packages.js';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'cosmo-pack-'));
after(() => rmSync(out, { recursive: true, force: true }));

/** pnpm as the root runner started us (`pnpm test`), or from PATH. */
const pnpm = process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath) && !/\.[cm]?js$/.test(process.env.npm_execpath) ? process.env.npm_execpath : 'pnpm';

/** Resolution kinds where an ESM-only package is expected to be unreachable, and the only problems allowed there. */
const CJS_ONLY = new Set(['node10', 'node16-cjs']);
const ESM_ONLY_PROBLEMS = new Set(['NoResolution', 'CJSResolvesToESM']);

const packages = publishablePackages();

describe('publishable packages are correct', { concurrency: 1 }, () => {
  for (const pkg of packages) {
    const { name } = pkg.json;

    it(`${name}: publint reports nothing (no error, warning or suggestion)`, async () => {
      const { messages } = await publint({ pkgDir: pkg.dir, level: 'suggestion' });
      const json = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8'));
      assert.deepEqual(
        messages.map((m) => `${m.type}: ${formatMessage(m, json)}`),
        [],
      );
    });

    it(`${name}: every export's types resolve under node16 and bundler (attw on the packed tarball, offline)`, async () => {
      assert.equal(pkg.json.private, undefined);
      const { stdout } = await run(pnpm, ['pack', '--pack-destination', out, '--json'], { cwd: pkg.dir, timeout: 60_000 });
      const tarball = (JSON.parse(stdout) as { filename: string }).filename;
      const data = new Uint8Array(readFileSync(tarball.startsWith('/') ? tarball : join(out, tarball)));

      const fetches: string[] = [];
      const realFetch = globalThis.fetch;
      globalThis.fetch = (async (input: string | URL | Request) => {
        fetches.push(String(input instanceof Request ? input.url : input));
        throw new Error('no network in this test');
      }) as typeof fetch;
      let result;
      try {
        result = await checkPackage(createPackageFromTarballData(data));
      } finally {
        globalThis.fetch = realFetch;
      }
      assert.deepEqual(fetches, [], 'attw asked the network');
      assert.ok(result.types, `${name} ships types`);
      assert.equal(result.packageName, name);

      const expected = Object.keys(pkg.json.exports ?? {}).sort();
      assert.deepEqual(Object.keys(result.entrypoints).sort(), expected, 'attw checked every export');
      const esm = result.problems.filter((p) => !('resolutionKind' in p) || !CJS_ONLY.has(p.resolutionKind as string));
      assert.deepEqual(esm, [], 'problems under node16 (ESM) or bundler resolution');
      const cjs = result.problems.filter((p) => !ESM_ONLY_PROBLEMS.has(p.kind));
      assert.deepEqual(cjs, [], 'problems other than "ESM-only" under CommonJS resolution');
      // Each JavaScript export resolves to a declaration file under both ESM resolutions.
      for (const [subpath, entry] of Object.entries(result.entrypoints)) {
        if (subpath === './package.json' || subpath.endsWith('.json')) continue;
        for (const kind of ['node16-esm', 'bundler'] as const) {
          const resolution = entry.resolutions[kind]?.resolution;
          assert.ok(resolution?.isTypeScript, `${name}${subpath.slice(1)} has types under ${kind} (got ${resolution?.fileName})`);
        }
      }
    });
  }
});
