/**
 * The one rule for the URLs a Cosmo widget loads or opens (DESIGN.md §7): https, or plain http on a loopback host,
 * where a developer runs the simulator. Widget app URLs (`resolveWidgetUrl`) and the URLs a widget app asks its host
 * to open (`open-url`) both follow it, so they cannot drift apart.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `true` when the URL's host is loopback (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`), where plain http is allowed for development. */
export const isLoopbackUrl = (url: URL): boolean => LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost');

/** `true` for an https URL, or an http one on a loopback host. */
export const isSecureUrl = (url: URL): boolean => url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
