/**
 * Modules the README snippets import that this repository does not install (native-app toolkits), declared with just
 * what the snippets use. Everything else a snippet needs comes from real packages (package.json) or from its own
 * hidden context in the README (see test/node/readme-snippets.test.ts).
 */
declare module 'react-native-webview' {
  import type { Component } from 'react';
  export interface WebViewMessageEvent {
    nativeEvent: { data: string };
  }
  export interface WebViewProps {
    source: { uri: string };
    onMessage?: (event: WebViewMessageEvent) => void;
  }
  export class WebView extends Component<WebViewProps> {
    postMessage(message: string): void;
    injectJavaScript(script: string): void;
  }
}
declare module 'expo-web-browser' {
  export function openBrowserAsync(url: string): Promise<unknown>;
}
