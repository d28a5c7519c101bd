/**
 * Auto mode: the script-tag file cdn/cosmo-webview-bridge.js connects by itself when it finds a
 * native side, here flutter_inappwebview, whose object appears after load and is announced by the
 * `flutterInAppWebViewPlatformReady` event. (One file per page: the module connects once.)
 */
import { expect } from '@open-wc/testing';
import '../../../src/define.js';
import { control, mountReady, until } from '../helpers.js';

type BridgeModule = typeof import('../../../src/webview-auto.js');
type AnyWindow = Window & Record<string, unknown>;

after(async () => {
  document.body.replaceChildren();
  await control('reset');
});

describe('cosmo-webview-bridge.js auto mode', () => {
  it('stays idle in a plain browser, then connects when flutter_inappwebview announces itself', async () => {
    const bridge = (await import(/* @vite-ignore */ '/cdn/cosmo-webview-bridge.js' as string)) as BridgeModule;
    expect(bridge.autoBridge()).to.equal(undefined);
    const calls: [string, string][] = [];
    (window as unknown as AnyWindow).flutter_inappwebview = { callHandler: (name: string, message: string) => void calls.push([name, message]) };
    window.dispatchEvent(new Event('flutterInAppWebViewPlatformReady'));
    expect(bridge.autoBridge()?.platform).to.equal('flutter-inappwebview');
    await mountReady('cosmo-purchase-widget', { id: 'auto' });
    await until(() => calls.some(([, m]) => JSON.parse(m).type === 'cosmo-ready'), 5000, 'cosmo-ready at flutter');
    expect(calls.every(([name]) => name === 'cosmo')).to.equal(true);
    expect(typeof window.cosmoNative?.dispatch).to.equal('function');
  });
});
