/**
 * The two crypto paths (`src/internal/hmac-node.ts`: `createHmac` + `timingSafeEqual`; `src/internal/hmac-web.ts`:
 * `crypto.subtle`) sign alike and verify alike, for every key length (shorter than, equal to and longer than
 * SHA-256's 64-byte block), string and byte bodies, ASCII and multi-byte UTF-8 in the body and in the webhook id; and
 * both refuse a candidate that is not the signature, in any position of the list.
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { nodeHmac } from '../../src/internal/hmac-node.js';
import { webHmac } from '../../src/internal/hmac-web.js';

const bodies: [string, string | Uint8Array][] = [
  ['empty', ''],
  ['ASCII JSON', '{"type":"transaction.confirmed","data":{"points":1500}}'],
  ['multi-byte UTF-8', '{"name":"SkyMiles Ünïcødé ✈️ 漢字"}'],
  ['bytes', randomBytes(3000)],
  ['100 KB', 'x'.repeat(100 * 1024)],
];
const OTHER = Buffer.alloc(32, 1).toString('base64');

for (const keyLength of [16, 32, 64, 65, 100]) {
  test(`both crypto paths sign and verify like createHmac with a ${keyLength}-byte key`, async () => {
    const raw = randomBytes(keyLength);
    for (const { name, importKey } of [nodeHmac, webHmac]) {
      const key = importKey(raw);
      for (const [label, body] of bodies) for (const id of [`msg_${keyLength}`, `msg_ünïcødé_✈️_${keyLength}`]) {
        const prefix = `${id}.1614265330.`;
        const expected = createHmac('sha256', raw).update(prefix, 'utf8').update(body).digest('base64');
        assert.equal(await key.sign(prefix, body), expected, `${name}: ${label}`);
        assert.equal(await key.verify(prefix, body, [OTHER, expected]), true, `${name}: ${label}`);
        assert.equal(await key.verify(prefix, body, [expected, OTHER]), true, `${name}: ${label}`);
        assert.equal(await key.verify(prefix, body, [OTHER]), false, `${name}: ${label}`);
        assert.equal(await key.verify(`${prefix}x`, body, [expected]), false, `${name}: ${label}, another prefix`);
      }
    }
  });
}
