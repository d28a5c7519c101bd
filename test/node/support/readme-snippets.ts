/**
 * Compiles the TypeScript snippets of READMEs, the way a partner pastes them into a strict project.
 *
 * Every fenced block tagged `ts`, `tsx` or `typescript` becomes one module in test/readme-snippets/generated/, and
 * tsc (strict, exactOptionalPropertyTypes, noUnusedLocals: test/readme-snippets/tsconfig.json) checks them all. A
 * snippet that uses names of the reader's own app (`yourSessionUser`, `toast`) or of an earlier snippet declares them
 * in a hidden HTML comment right before its fence, which Markdown renders as nothing:
 *
 *     <!-- snippet-context
 *     declare function toast(message: string): void;
 *     -->
 *     ```tsx
 *     …
 *
 * The context is put before the snippet; a context with the line `{{snippet}}` wraps it instead (a class body around
 * a class member). Modules the repository does not install are declared in test/readme-snippets/ambient.d.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './packages.js';

/** The project the snippets are compiled in. */
export const SNIPPET_PROJECT = join(root, 'test', 'readme-snippets');

/** One snippet, with where it came from. */
export interface Snippet {
  /** The README, relative to the repository root. */
  readme: string;
  /** Line of the snippet's first code line in the README (1-based). */
  line: number;
  lang: 'ts' | 'tsx';
  code: string;
  /** The hidden context, if any. */
  context: string | undefined;
}

/** A compile error mapped back to its README line. */
export interface SnippetError {
  readme: string;
  line: number;
  code: string;
  message: string;
}

/** A fence (indented too: inside a list item), with the hidden context comment right before it. */
const FENCE = /^([ \t]*)(?:<!--\s*snippet-context\s*\n([\s\S]*?)-->\s*\n\1)?```(ts|tsx|typescript)[ \t]*\n([\s\S]*?)^\1```[ \t]*$/gm;

/** Removes the fence's indentation from each line. */
const dedent = (text: string, indent: string): string => (indent ? text.split('\n').map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n') : text);

/** The TypeScript snippets of one README's text. */
export function extractSnippets(readme: string, text: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const match of text.matchAll(FENCE)) {
    const [, indent = '', context, lang, code] = match;
    const fenceOffset = match.index + match[0].indexOf('```');
    snippets.push({
      readme,
      line: text.slice(0, fenceOffset).split('\n').length + 1,
      lang: lang === 'tsx' ? 'tsx' : 'ts',
      code: dedent(code ?? '', indent),
      context: context === undefined ? undefined : dedent(context, indent).trimEnd(),
    });
  }
  return snippets;
}

/** Every README.md of the repository (not in node_modules, build output or test-generated folders). */
export function findReadmes(dir = root): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'cdn') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findReadmes(path));
    else if (entry.name === 'README.md') found.push(relative(root, path));
  }
  return found.sort();
}

/** The module text of a snippet, and how many lines come before the snippet's first line. */
function moduleText(snippet: Snippet): { text: string; offset: number } {
  const context = snippet.context ?? '';
  if (context.includes('{{snippet}}')) {
    // Wrapped (a class member): the snippet's imports go to the top, each line stays in place below them.
    const [before = '', after = ''] = context.split('{{snippet}}');
    const lines = snippet.code.split('\n');
    const imports = lines.map((line) => (/^import\s/.test(line) ? line : ''));
    const body = lines.map((line) => (/^import\s/.test(line) ? '' : line));
    const head = `${imports.join('\n')}\n${before.trimEnd()}\n`;
    const offset = head.split('\n').length - 1;
    // Body lines keep their snippet line numbers after `offset`; the imports' errors map by their own line.
    return { text: `${head}${body.join('\n')}${after}\n// Every snippet is its own module.\nexport {};\n`, offset };
  }
  const head = context ? `${context.trimEnd()}\n` : '';
  return { text: `${head}${snippet.code}\n// Every snippet is its own module.\nexport {};\n`, offset: head ? head.split('\n').length - 1 : 0 };
}

/**
 * Writes `snippets` to `dir` (inside the snippet project) and compiles them with the project's tsconfig. Returns every
 * error at its README line; an error in the hidden context is reported at the snippet's first line.
 */
export function compileSnippets(snippets: Snippet[], dir = join(SNIPPET_PROJECT, 'generated')): SnippetError[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, { snippet: Snippet; offset: number }>();
  snippets.forEach((snippet, index) => {
    const name = `${String(index).padStart(3, '0')}-${snippet.readme.replace(/[^\w]+/g, '-')}-L${snippet.line}.${snippet.lang}`;
    const { text, offset } = moduleText(snippet);
    writeFileSync(join(dir, name), text);
    files.set(name, { snippet, offset });
  });
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  if (!existsSync(tsc)) throw new Error(`no tsc at ${tsc}: run pnpm install`);
  const config = relative(SNIPPET_PROJECT, dir) === 'generated' ? 'tsconfig.json' : writeConfig(dir);
  const result = spawnSync(tsc, ['-p', config, '--pretty', 'false'], { cwd: SNIPPET_PROJECT, encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout}${result.stderr}`;
  const errors: SnippetError[] = [];
  for (const match of output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)) {
    const [, file, line, code, message] = match;
    const entry = files.get(file!.split(/[/\\]/).pop()!);
    // Errors inside what a snippet imports (the demo's TypeScript sources, compiled under these stricter settings) are
    // not the snippet's; the packages are imported from their built .d.ts files.
    if (!entry) continue;
    const snippetLine = Number(line) - entry.offset;
    errors.push({ readme: entry.snippet.readme, line: entry.snippet.line + Math.max(0, snippetLine - 1), code: code!, message: message! });
  }
  if (result.status !== 0 && !/error TS\d+/.test(output)) throw new Error(`tsc failed without diagnostics (${result.status}): ${output}`);
  return errors;
}

/** A tsconfig for snippets written somewhere other than .snippets/ (the self-test). */
function writeConfig(dir: string): string {
  const path = join(dir, 'tsconfig.json');
  writeFileSync(path, JSON.stringify({ extends: relative(dir, join(SNIPPET_PROJECT, 'tsconfig.json')), include: [relative(dir, join(SNIPPET_PROJECT, 'ambient.d.ts')), '.'] }));
  return relative(SNIPPET_PROJECT, path);
}
