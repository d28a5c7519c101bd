/**
 * Locks the page's scroll while at least one modal widget is open: a modal `<dialog>` makes the page
 * inert but still lets it scroll under the backdrop. The page's own `overflow` is restored after the last one.
 */
const holders = new Set<object>();
let previous = '';

/** Locks (`on`) or releases the page scroll for `holder`. */
export function lockScroll(holder: object, on: boolean): void {
  const style = document.documentElement.style;
  if (on && !holders.size) [previous, style.overflow] = [style.overflow, 'hidden'];
  if (!on && holders.delete(holder) && !holders.size) style.overflow = previous;
  if (on) holders.add(holder);
}
