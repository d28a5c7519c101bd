/**
 * `HostConnection.openUrl()` of the iframe helper: what it posts, to whom, and what it refuses before posting anything.
 * A stand-in window is enough here (the helper only reads `location`, adds a listener and posts to `parent`); the real
 * cross-origin frame is exercised in Chromium by the simulator's widget apps (`packages/simulator/test/node/widget-apps.test.ts`),
 * and the helper's receiving checks in three engines by `packages/widgets/test/browser/iframe-helper.test.ts`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_OPEN_URL_LENGTH, ProtocolError } from '@cosmopoints/protocol';
import type { OpenUrlPurpose, WidgetPayload } from '@cosmopoints/protocol';
import { connectToHost } from '@cosmopoints/protocol/iframe';

const CHANNEL = 'chan_12345678';
const HOST_ORIGIN = 'https://shop.example';

/** A framed widget app's window: its URL carries the launch parameters; `parent.postMessage` records what is posted. */
function framedWindow() {
  const posted: { data: { type: string; payload: unknown }; targetOrigin: string }[] = [];
  const parent = { postMessage: (data: { type: string; payload: unknown }, targetOrigin: string) => void posted.push({ data, targetOrigin }) };
  const href = `https://widgets.cosmo.example/purchase?token=wt_1&channel=${CHANNEL}&origin=${encodeURIComponent(HOST_ORIGIN)}&v=1`;
  const win = { location: { href }, parent, addEventListener() {}, removeEventListener() {} };
  const host = connectToHost({ widget: 'purchase', window: win as unknown as Window });
  posted.length = 0; // the `ready` handshake
  return { host, posted };
}

// The payload type is derived from the schema, as for every message (checked by `pnpm typecheck`).
export const typed: WidgetPayload<'open-url'>[] = [{ url: 'https://cosmo.example/' }, { url: 'https://cosmo.example/', purpose: 'sign-in' }];
// @ts-expect-error a purpose the protocol does not define
export const untyped: WidgetPayload<'open-url'> = { url: 'https://cosmo.example/', purpose: 'popup' };

describe('HostConnection.openUrl', () => {
  it('posts open-url with the purpose, in the envelope of this channel, to the host origin only', () => {
    const { host, posted } = framedWindow();
    host.openUrl('https://cosmo.example/sign-in/si_1', { purpose: 'sign-in' });
    assert.deepEqual(posted, [
      { data: { ns: 'cosmo', v: 1, channel: CHANNEL, type: 'open-url', payload: { url: 'https://cosmo.example/sign-in/si_1', purpose: 'sign-in' } }, targetOrigin: HOST_ORIGIN },
    ]);
  });

  it('leaves the purpose out when none is given, and posts the URL normalised as the host will read it', () => {
    const { host, posted } = framedWindow();
    host.openUrl('HTTP://LOCALHOST:4010/programs/prog_skyair/terms');
    assert.deepEqual(posted.map(({ data }) => data.payload), [{ url: 'http://localhost:4010/programs/prog_skyair/terms' }]);
  });

  const refused: [string, string, OpenUrlPurpose | undefined, RegExp][] = [
    ['http on another host', 'http://cosmo.example/terms', 'link', /payload\.url must be an https URL \(http only on a loopback host\)/],
    ['a javascript: URL', 'javascript:alert(1)', 'link', /payload\.url must be an https URL/],
    ['a data: URL', 'data:text/html,hi', undefined, /payload\.url must be an https URL/],
    ['a relative URL', '/programs/prog_skyair/terms', 'link', /payload\.url must be an absolute URL/],
    ['a URL with a user name and password', 'https://user:secret@cosmo.example/', 'sign-in', /payload\.url must be a URL without a user name or password/],
    [`a URL over ${MAX_OPEN_URL_LENGTH} characters`, `https://cosmo.example/${'x'.repeat(MAX_OPEN_URL_LENGTH)}`, 'link', /payload\.url must be a string of at most 2048 characters/],
    ['an unknown purpose (from plain JavaScript)', 'https://cosmo.example/', 'popup' as OpenUrlPurpose, /payload\.purpose must be one of link, sign-in/],
  ];
  for (const [name, url, purpose, message] of refused) {
    it(`throws invalid-payload for ${name} and posts nothing`, () => {
      const { host, posted } = framedWindow();
      assert.throws(
        () => host.openUrl(url, purpose === undefined ? {} : { purpose }),
        (error: unknown) => error instanceof ProtocolError && error.code === 'invalid-payload' && /^@cosmopoints\/protocol: open-url: /.test(error.message) && message.test(error.message),
      );
      assert.deepEqual(posted, []);
    });
  }
});
