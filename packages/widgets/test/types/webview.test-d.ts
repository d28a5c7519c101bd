/** Type tests (tsc only) of `@cosmopoints/widgets/webview`. */
import { connectNativeBridge, detectNativePlatform, NativeCommandErrorCode, WIDGET_EVENT_NAMES } from '@cosmopoints/widgets/webview';
import type { CosmoEventName } from '@cosmopoints/widgets';
import type { NativeBridge, NativeCommandResult, NativeMessage, NativePlatform } from '@cosmopoints/widgets/webview';
import { autoBridge } from '@cosmopoints/widgets/webview/auto';
import { assertType } from './helpers.js';
import type { Equal } from './helpers.js';

// The bridge forwards exactly the events the elements dispatch: the list and the event classes agree.
assertType<Equal<(typeof WIDGET_EVENT_NAMES)[number], CosmoEventName>>();

const bridge = connectNativeBridge({ target: (message) => void message.length, signal: AbortSignal.timeout(1000) });
assertType<Equal<typeof bridge, NativeBridge>>();
assertType<Equal<typeof bridge.platform, NativePlatform | undefined>>();
assertType<Equal<NativePlatform, 'react-native' | 'ios' | 'android' | 'flutter' | 'flutter-inappwebview' | 'custom'>>();
assertType<Equal<ReturnType<typeof detectNativePlatform>, NativePlatform | undefined>>();
assertType<Equal<ReturnType<typeof autoBridge>, NativeBridge | undefined>>();
connectNativeBridge({ target: { postMessage: (message: string) => message }, commands: false });
connectNativeBridge();

const result: NativeCommandResult | undefined = window.cosmoNative?.dispatch({ command: 'reload', target: 'checkout' });
if (result && !result.ok) assertType<Equal<typeof result.code, (typeof NativeCommandErrorCode)[keyof typeof NativeCommandErrorCode]>>();
window.cosmoNative?.dispatch('{"command":"close"}');
// @ts-expect-error commands are 'reload' | 'close'
window.cosmoNative?.dispatch({ command: 'navigate' });
// @ts-expect-error target is an element id
window.cosmoNative?.dispatch({ command: 'reload', target: 1 });
// @ts-expect-error a target receives strings
connectNativeBridge({ target: (message: number) => message });
// @ts-expect-error connected is read-only
bridge.connected = true;

declare const message: NativeMessage;
assertType<Equal<typeof message.source, 'cosmo'>>();
assertType<Equal<typeof message.widget, 'purchase' | 'multibrand' | null>>();
