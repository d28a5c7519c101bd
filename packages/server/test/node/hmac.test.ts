/**
 * The node:crypto path computes HMAC-SHA256 from two one-shot hashes (src/internal/hmac-node.ts, for speed). It must
 * equal `createHmac` for every key length (shorter than, equal to and longer than SHA-256's 64-byte block), for string
 * and byte bodies, ASCII and multi-byte UTF-8 (in the body and in the webhook id), small and larger than its reused
 * buffer; and equal the Web Crypto path.
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
  ['a body larger than the reused buffer (100 KB)', 'x'.repeat(100 * 1024)],
  ['a string after a large one (the buffer is reused)', 'é'.repeat(700)],
];

for (const keyLength of [16, 32, 64, 65, 100]) {
  test(`the node:crypto HMAC equals createHmac and Web Crypto with a ${keyLength}-byte key`, async () => {
    const raw = randomBytes(keyLength);
    const node = nodeHmac.importKey(raw);
    const web = webHmac.importKey(raw);
    for (const [label, body] of bodies) for (const id of [`msg_${keyLength}`, `msg_ünïcødé_✈️_${keyLength}`]) {
      const timestamp = '1614265330';
      const expected = createHmac('sha256', raw).update(`${id}.${timestamp}.`, 'utf8').update(body).digest('base64');
      assert.equal(await node.sign(id, timestamp, body), expected, label);
      assert.equal(await web.sign(id, timestamp, body), expected, `${label} (Web Crypto)`);
      assert.equal(node.verify(id, timestamp, body, ['A'.repeat(43) + '=', expected]), true, label);
      assert.equal(node.verify(id, timestamp, body, ['A'.repeat(43) + '=']), false, label);
    }
  });
}
