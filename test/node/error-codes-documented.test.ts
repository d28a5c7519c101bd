/**
 * Error codes are public API (DESIGN.md §8): each package README must list every code of every code table the
 * package exports, in backticks, so a partner can look up what they caught.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ProtocolErrorCode } from '@cosmopoints/protocol';
import { CosmoServerErrorCode, EndpointErrorCode, WebhookVerificationReason } from '@cosmopoints/server';
import { ApiErrorCode, SimulatorErrorCode } from '@cosmopoints/simulator';
import { CosmoWidgetErrorCode } from '@cosmopoints/widgets';
import { NativeCommandErrorCode } from '@cosmopoints/widgets/webview';

const readme = (pkg: string) => readFileSync(new URL(`../../packages/${pkg}/README.md`, import.meta.url), 'utf8');

const tables: [string, string, Record<string, string>][] = [
  ['protocol', 'ProtocolErrorCode', ProtocolErrorCode],
  ['widgets', 'CosmoWidgetErrorCode', CosmoWidgetErrorCode],
  ['widgets', 'NativeCommandErrorCode', NativeCommandErrorCode],
  ['server', 'CosmoServerErrorCode', CosmoServerErrorCode],
  ['server', 'EndpointErrorCode', EndpointErrorCode],
  ['server', 'WebhookVerificationReason', WebhookVerificationReason],
  ['simulator', 'ApiErrorCode', ApiErrorCode],
  ['simulator', 'SimulatorErrorCode', SimulatorErrorCode],
];

describe('every exported error code is documented in its package README', () => {
  for (const [pkg, name, table] of tables) {
    it(`${pkg}: ${name}`, () => {
      const text = readme(pkg);
      const codes = Object.values(table);
      assert.ok(codes.length > 0, `${name} is empty`);
      const missing = codes.filter((code) => !text.includes(`\`${code}\``));
      assert.deepEqual(missing, [], `packages/${pkg}/README.md does not list ${missing.join(', ')}`);
    });
  }
});
