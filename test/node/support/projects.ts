/**
 * The repository's TypeScript projects (every `tsconfig*.json`) and its test code (every TypeScript file of a test
 * folder), for test/node/typecheck.test.ts: which project checks what, and which test file is in none.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { root } from './packages.js';

/** Folders never walked: dependencies, build output, files the tests write, and dot-folders (.git, .next, .tmp…). */
const SKIPPED = new Set(['node_modules', 'dist', 'cdn', 'generated']);

/** Every file below `dir` (default: the repository), relative to it, with `/` separators, sorted. */
export function repoFiles(dir = root): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * Test code: every TypeScript file (`.ts`, `.tsx`, `.mts`, `.cts`, declarations too) in a `test` or `bench` folder,
 * and a test, type test or type-level test file (`*.test.ts`, `*.test-d.ts`, `*.types.ts`) wherever it is.
 */
export function isTestCode(path: string): boolean {
  if (!/\.(?:[cm]?ts|tsx)$/.test(path)) return false;
  return /(?:^|\/)(?:test|bench)\//.test(path) || /\.(?:test|test-d)\.[cm]?tsx?$|\.types\.ts$/.test(path);
}

/** A tsconfig file as far as these tests read it. */
export interface TsConfig {
  include?: string[];
  files?: string[];
}

/** Reads a tsconfig (JSON with comments). */
export function readTsConfig(path: string): TsConfig {
  const text = readFileSync(path, 'utf8');
  // Drops `//` and `/* */` comments outside strings ("//" keys and URLs stay).
  const json = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string: string | undefined) => string ?? '');
  return JSON.parse(json) as TsConfig;
}

/** Whether `file` (relative to the repository) is matched by one of the project's `include`/`files` entries. */
export function matchedBy(project: string, config: TsConfig, file: string): boolean {
  const base = dirname(project);
  return [...(config.include ?? []), ...(config.files ?? [])].some((entry) => {
    const pattern = join(base, entry).split(sep).join('/');
    if (!/[*?]/.test(pattern)) return file === pattern || file.startsWith(`${pattern}/`);
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/|\*|\?/g, (glob) => (glob === '**/' ? '(?:.*/)?' : glob === '*' ? '[^/]*' : '[^/]'));
    return new RegExp(`^${source}$`).test(file);
  });
}

/** The `tsc -p <config>` of each package's `build` script: the configs the build itself checks. */
export function buildConfigs(): string[] {
  return readdirSync(join(root, 'packages')).flatMap((name) => {
    const json = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    return [...(json.scripts?.build ?? '').matchAll(/\btsc -p (\S+)/g)].map((match) => `packages/${name}/${match[1]}`);
  });
}
