/** The repo's publishable packages (packages/*, not private) and their public entries, read from each package.json. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A package.json, as far as these tests read it. */
export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  customElements?: string;
  files?: string[];
}

/** A publishable package: its directory and manifest. */
export interface PublishablePackage {
  dir: string;
  json: PackageJson;
}

/** Every package under packages/ that is not private. */
export function publishablePackages(): PublishablePackage[] {
  const dir = join(root, 'packages');
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((pkg) => existsSync(join(pkg, 'package.json')))
    .map((pkg) => ({ dir: pkg, json: JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as PackageJson }))
    .filter(({ json }) => !json.private)
    .sort((a, b) => a.json.name.localeCompare(b.json.name));
}

/** One public JavaScript entry: its import specifier and every file its conditions point to (except `types`). */
export interface PublicEntry {
  specifier: string;
  subpath: string;
  /** Condition path (e.g. `node`, `default`) → file, relative to the package. */
  files: Record<string, string>;
}

/** The package's JavaScript entries from `exports` (subpaths that are not `./package.json` or JSON files). */
export function publicEntries({ json }: PublishablePackage): PublicEntry[] {
  const entries: PublicEntry[] = [];
  for (const [subpath, target] of Object.entries(json.exports ?? {})) {
    const files: Record<string, string> = {};
    const walk = (value: unknown, path: string[]) => {
      if (typeof value === 'string') {
        if (/\.[cm]?js$/.test(value)) files[path.join('.') || 'default'] = value;
      } else if (value && typeof value === 'object') {
        for (const [condition, inner] of Object.entries(value)) if (condition !== 'types') walk(inner, [...path, condition]);
      }
    };
    walk(target, []);
    if (Object.keys(files).length > 0) entries.push({ specifier: subpath === '.' ? json.name : `${json.name}${subpath.slice(1)}`, subpath, files });
  }
  return entries;
}
