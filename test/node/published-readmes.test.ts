/**
 * What npm publishes must stand on its own: each publishable package declares where it lives (`repository`,
 * `homepage`, `bugs`, the same repository everywhere) and which Node it needs (`engines`), and its README links only
 * to its own headings or to absolute URLs: links into the repository go through the declared repository URL and
 * name a file or folder that exists, with a heading that exists when they carry an anchor. A relative link
 * (`../react`) works on GitHub but breaks on npm's page and in node_modules. Every private package declares
 * `engines` too.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { publishablePackages, root } from './support/packages.js';

const REPOSITORY = 'https://github.com/cosmopoints/cosmo-widgets';

interface Manifest {
  name: string;
  private?: boolean;
  homepage?: string;
  bugs?: string;
  repository?: { type?: string; url?: string; directory?: string };
  engines?: { node?: string };
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** The anchors of a Markdown file's headings (outside code fences). */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) found.add(slug(heading[1]!));
  }
  return found;
}

/** `[text](target)` and `![alt](target)` targets outside code (fences and inline code). */
function links(markdown: string): string[] {
  const prose = markdown.replace(/^\s*```[\s\S]*?^\s*```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!);
}

/** Checks one link target of `readme`; returns a problem or undefined. */
function checkLink(target: string, own: Set<string>): string | undefined {
  if (target.startsWith('#')) return own.has(target.slice(1)) ? undefined : `no heading for ${target}`;
  if (!/^https?:\/\//.test(target)) return `relative link ${target} breaks outside the repository (npm, node_modules)`;
  if (!target.startsWith('https://github.com/cosmopoints/')) return undefined;
  const inRepo = new RegExp(`^${REPOSITORY}/(?:tree|blob)/main/([^#?]*)(?:#(.*))?$`).exec(target);
  if (!inRepo) return `${target} is not under the declared repository's main branch (${REPOSITORY}/tree/main/…)`;
  const [, path = '', anchor] = inRepo;
  const file = join(root, path);
  if (!existsSync(file)) return `${target}: ${path} does not exist in the repository`;
  // `#readme` is GitHub's anchor for a folder's README.
  if (anchor !== undefined && !(anchor === 'readme' && statSync(file).isDirectory() && existsSync(join(file, 'README.md')))) {
    const markdown = statSync(file).isDirectory() ? join(file, 'README.md') : file;
    if (!existsSync(markdown) || !anchors(readFileSync(markdown, 'utf8')).has(anchor)) return `${target}: no heading #${anchor} in ${path}`;
  }
  return undefined;
}

describe('published packages stand on their own', () => {
  for (const pkg of publishablePackages()) {
    const folder = pkg.dir.slice(root.length).replace(/\\/g, '/').replace(/\/$/, '');

    it(`${pkg.json.name}: declares repository, homepage, bugs and engines`, () => {
      const json = manifest(pkg.dir);
      assert.deepEqual(json.repository, { type: 'git', url: `git+${REPOSITORY}.git`, directory: folder });
      assert.equal(json.homepage, `${REPOSITORY}/tree/main/${folder}#readme`);
      assert.equal(json.bugs, `${REPOSITORY}/issues`);
      assert.match(json.engines?.node ?? '', /^>=\d+/);
    });

    it(`${pkg.json.name}: its README links only to its own headings and to absolute URLs that exist`, () => {
      const readme = readFileSync(join(pkg.dir, 'README.md'), 'utf8');
      const own = anchors(readme);
      const problems = links(readme).flatMap((target) => checkLink(target, own) ?? []);
      assert.deepEqual(problems, []);
    });

    it(`${pkg.json.name}: its Install section shows partner steps only (no monorepo commands)`, () => {
      const readme = readFileSync(join(pkg.dir, 'README.md'), 'utf8');
      const install = /^## Install\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
      assert.doesNotMatch(install, /pnpm --filter|workspace:|pnpm build|in this monorepo/);
    });
  }

  it('the widgets README says where the hosted bundle and its hashes come from, and that the host needs CORS', () => {
    const readme = readFileSync(join(root, 'packages/widgets/README.md'), 'utf8');
    assert.match(readme, /node_modules\/@cosmopoints\/widgets\/cdn\//);
    assert.match(readme, /cdn\/manifest\.json/);
    assert.match(readme, /Access-Control-Allow-Origin/);
    assert.ok(manifest(join(root, 'packages/widgets')).name === '@cosmopoints/widgets');
    const files = (JSON.parse(readFileSync(join(root, 'packages/widgets/package.json'), 'utf8')) as { files: string[] }).files;
    assert.ok(files.includes('cdn'), 'cdn/ is published');
  });

  it('every workspace package declares engines', () => {
    const dirs = [root, join(root, 'demo'), join(root, 'test'), ...['packages', 'test'].flatMap((parent) => readdirSync(join(root, parent)).map((name) => join(root, parent, name)))];
    const missing = dirs.filter((dir) => existsSync(join(dir, 'package.json')) && !manifest(dir).engines?.node).map((dir) => dir.slice(root.length) || '.');
    assert.deepEqual(missing, []);
  });
});
