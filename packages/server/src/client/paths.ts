/**
 * The client's paths, derived from the one operations table (`COSMO_API_OPERATIONS` in `@cosmopoints/protocol/cosmo-api`):
 * one path per operation, widget-token paths by widget kind, each overridable, each override keeping its default's
 * placeholders (`{programId}`, `{transactionId}`), checked when the client is created.
 */
import { COSMO_API_OPERATIONS, pathParameters } from '@cosmopoints/protocol/cosmo-api';
import type { COSMO_API_PATHS, CosmoApiOperation } from '@cosmopoints/protocol/cosmo-api';
import type { WidgetKind } from '@cosmopoints/protocol';
import { CosmoServerError, CosmoServerErrorCode } from '../errors.js';

/**
 * API paths relative to the base URL, one per operation of `COSMO_API_OPERATIONS`, and the widget-token paths by
 * widget kind. `{programId}` and `{transactionId}` are filled in, URL-encoded. Only `issuePoints`
 * (`POST /transactions`) is documented by Cosmo; see the README's table.
 */
export type CosmoApiPaths = { [K in keyof typeof COSMO_API_PATHS]: K extends 'widgetTokens' ? Record<WidgetKind, string> : string };

/** The `paths` option: any path overridden, widget-token paths one kind at a time. */
export type CosmoApiPathOverrides = { [K in keyof CosmoApiPaths]?: K extends 'widgetTokens' ? Partial<Record<WidgetKind, string>> : string };

const invalid = (message: string) => new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `createCosmoClient: ${message}`);

/** The paths of every operation: `given` where it overrides one, the table's default elsewhere. */
export function resolvePaths(given: CosmoApiPathOverrides = {}): CosmoApiPaths {
  const widgetTokens = {} as Record<WidgetKind, string>;
  const paths: Record<string, unknown> = { widgetTokens };
  for (const [name, operation] of Object.entries(COSMO_API_OPERATIONS) as [keyof typeof COSMO_API_OPERATIONS, CosmoApiOperation][]) {
    const kind = operation.widget;
    const label = kind === undefined ? name : `widgetTokens.${kind}`;
    const value = (kind === undefined ? given[name as Exclude<keyof CosmoApiPaths, 'widgetTokens'>] : given.widgetTokens?.[kind]) ?? operation.path;
    if (typeof value !== 'string' || !value.startsWith('/')) throw invalid(`paths.${label} must start with "/"`);
    const missing = pathParameters(operation.path).find((parameter) => !value.includes(`{${parameter}}`));
    if (missing) throw invalid(`paths.${label} must contain {${missing}}`);
    if (kind === undefined) paths[name] = value;
    else widgetTokens[kind] = value;
  }
  return paths as CosmoApiPaths;
}
