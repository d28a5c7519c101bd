/**
 * A tiny element builder. The widget apps build their DOM with `createElement` and `textContent` only,
 * never `innerHTML`, so program names and server messages cannot inject markup, and nothing needs an
 * inline script or style (the pages run under a strict CSP).
 */

type Child = Node | string | number | false | null | undefined;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** Creates an element: `on*` keys become listeners, `true` booleans become empty attributes, `false`/`undefined` are skipped. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
  return element;
}

/** Replaces an element's children. */
export function mount(root: Element, ...children: Child[]): void {
  root.replaceChildren(...children.filter((child): child is Node | string | number => child !== false && child !== null && child !== undefined).map((child) => (typeof child === 'number' ? String(child) : child)));
}
