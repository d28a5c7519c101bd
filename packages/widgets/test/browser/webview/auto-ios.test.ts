/** Auto mode: the npm entry `@cosmopoints/widgets/webview/auto`, imported inside an iOS WKWebView, connects at once. */
import { expect } from '@open-wc/testing';
import '../../../src/define.js';
import { control, mountReady, until } from '../helpers.js';

after(async () => {
  document.body.replaceChildren();
  await control('reset');
});

describe('@cosmopoints/widgets/webview/auto', () => {
  it('connects at import when window.webkit.messageHandlers.cosmo exists, and forwards widget events', async () => {
    const received: string[] = [];
    (window as unknown as Record<string, unknown>).webkit = { messageHandlers: { cosmo: { postMessage: (m: string) => void received.push(m) } } };
    const { autoBridge } = await import('../../../src/webview-auto.js');
    expect(autoBridge()?.platform).to.equal('ios');
    await mountReady('cosmo-purchase-widget', { id: 'ios-auto' });
    await until(() => received.some((m) => JSON.parse(m).type === 'cosmo-ready'), 5000, 'cosmo-ready at iOS');
    expect(JSON.parse(received.find((m) => JSON.parse(m).type === 'cosmo-ready')!)).to.deep.equal({
      source: 'cosmo',
      type: 'cosmo-ready',
      widget: 'purchase',
      id: 'ios-auto',
      detail: { widget: 'purchase' },
    });
  });
});
