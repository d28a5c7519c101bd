import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENVIRONMENTS, buildWidgetUrl, isEnvironment, parseWidgetTokenResponse, resolveWidgetUrl } from '@cosmopoints/protocol';

const base = { widget: 'purchase', token: 'wt_abc', channel: 'chan_12345678', hostOrigin: 'https://shop.example' } as const;

describe('buildWidgetUrl', () => {
  it('uses the sandbox purchase app by default and carries token, channel, origin and version', () => {
    const url = new URL(buildWidgetUrl(base));
    assert.equal(url.origin + url.pathname, ENVIRONMENTS.sandbox.widgetUrls.purchase);
    assert.deepEqual(Object.fromEntries(url.searchParams), { token: 'wt_abc', channel: 'chan_12345678', origin: 'https://shop.example', v: '1' });
  });
  it('picks the production multibrand app', () => {
    const url = new URL(buildWidgetUrl({ ...base, widget: 'multibrand', environment: 'production' }));
    assert.equal(url.origin + url.pathname, ENVIRONMENTS.production.widgetUrls.multibrand);
  });
  it('adds the locale and reduces the host origin to an origin', () => {
    const url = new URL(buildWidgetUrl({ ...base, hostOrigin: 'https://shop.example/cart?x=1', locale: 'de-DE' }));
    assert.equal(url.searchParams.get('origin'), 'https://shop.example');
    assert.equal(url.searchParams.get('locale'), 'de-DE');
  });
  it('keeps the override URL path and query and encodes the token', () => {
    const url = new URL(buildWidgetUrl({ ...base, token: 'a+b/c=&d', widgetUrl: 'http://127.0.0.1:4010/widgets/purchase?brand=x' }));
    assert.equal(url.searchParams.get('brand'), 'x');
    assert.equal(url.searchParams.get('token'), 'a+b/c=&d');
  });
  const accepted = ['https://widgets.partner.example/p', 'http://localhost:4010/w', 'http://127.0.0.1:1/w', 'http://[::1]:8080/w', 'http://cosmo.localhost/w'];
  for (const widgetUrl of accepted) {
    it(`accepts widget URL ${widgetUrl} and opens it`, () => {
      const url = new URL(buildWidgetUrl({ ...base, widgetUrl }));
      assert.equal(url.origin + url.pathname, new URL(widgetUrl).href);
      assert.equal(url.searchParams.get('channel'), base.channel);
    });
  }
  const rejected: [string, string][] = [
    ['http://widget.example/p', 'invalid-widget-url'],
    ['http://localhost.evil.example/p', 'invalid-widget-url'],
    ['javascript:alert(1)', 'invalid-widget-url'],
    ['data:text/html,hi', 'invalid-widget-url'],
    ['/relative/path', 'invalid-widget-url'],
    ['', 'invalid-widget-url'],
  ];
  for (const [widgetUrl, code] of rejected) {
    it(`rejects widget URL "${widgetUrl}" as ${code}`, () => assert.throws(() => buildWidgetUrl({ ...base, widgetUrl }), { code }));
  }
  it('rejects a malformed channel, an opaque host origin and an empty token', () => {
    assert.throws(() => buildWidgetUrl({ ...base, channel: 'x' }), { code: 'invalid-option' });
    assert.throws(() => buildWidgetUrl({ ...base, hostOrigin: 'null' }), { code: 'invalid-option' });
    assert.throws(() => buildWidgetUrl({ ...base, hostOrigin: 'file:///tmp/x.html' }), { code: 'invalid-option' });
    assert.throws(() => buildWidgetUrl({ ...base, token: '' }), { code: 'invalid-option' });
  });
  it('rejects an unknown environment', () => {
    assert.throws(() => resolveWidgetUrl('purchase', 'prod' as never), { code: 'invalid-widget-url' });
    assert.equal(isEnvironment('prod'), false);
    assert.equal(isEnvironment('toString'), false);
    assert.equal(isEnvironment('production'), true);
  });
});

describe('parseWidgetTokenResponse', () => {
  const accepted = [{ token: 'wt_1' }, { token: 'wt_1', expiresAt: '2026-11-25T10:00:00Z' }, { token: 'wt_1', extra: 1 }];
  for (const body of accepted) {
    it(`accepts ${JSON.stringify(body)}, keeping only token and expiresAt`, () => {
      const { extra: _, ...known } = body as { extra?: unknown };
      assert.deepEqual(parseWidgetTokenResponse(body), { ok: true, message: known });
    });
  }
  const rejected = [null, 'wt_1', [], {}, { token: '' }, { token: 'has space' }, { token: 1 }, { accessToken: 'wt_1' }, { token: 'wt', expiresAt: 'tomorrow' }, { token: 'wt', expiresAt: 1764064800 }];
  for (const body of rejected) {
    it(`rejects ${JSON.stringify(body)} as invalid-token-response`, () => {
      const result = parseWidgetTokenResponse(body);
      assert.equal(!result.ok && result.error.code, 'invalid-token-response');
    });
  }
});
