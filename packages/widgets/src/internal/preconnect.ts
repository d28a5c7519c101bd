/**
 * `<link rel="preconnect">` to the widget app's origin, added once per origin as soon as an element knows
 * it: the connection (DNS, TCP, TLS) is then set up while the token is fetched, instead of after. A hint:
 * browsers may ignore it, and it stays in the page (one per origin, however many mounts).
 */
export function preconnect(origin: string): void {
  const head = document.head;
  if (!head || location.origin === origin || head.querySelector(`link[rel=preconnect][href="${origin}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'preconnect';
  link.href = origin;
  head.append(link);
}
