/**
 * @cosmopoints/widgets/webview/auto: connects the native bridge as soon as this module runs, when
 * the page is inside a supported WebView (and does nothing in a plain browser or in Node). The
 * script-tag file `cdn/cosmo-webview-bridge.js` is this module.
 *
 * flutter_inappwebview injects its object after page load and announces it with the
 * `flutterInAppWebViewPlatformReady` event, so the module also connects then.
 * @example
 * <script type="module" src="https://cdn.example.com/@cosmopoints/widgets@0.1.0/cdn/cosmo-webview-bridge.js"></script>
 */
import { connectNativeBridge } from './webview.js';
import type { NativeBridge } from './webview.js';

export * from './webview.js';

let auto: NativeBridge | undefined;

/** The bridge this module connected by itself, if a native side was found (else `undefined`). */
export const autoBridge = (): NativeBridge | undefined => auto;

const connect = () => {
  if (auto?.connected) return;
  const bridge = connectNativeBridge();
  if (bridge.connected) auto = bridge;
};

// Server rendering imports this module in Node, where there is no window.
if ('window' in globalThis) {
  connect();
  window.addEventListener('flutterInAppWebViewPlatformReady', connect, { once: true });
}
