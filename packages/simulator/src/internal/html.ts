/** The simulator's HTML pages are built from template strings: every value put into one goes through {@link escapeHtml}. */

/** Text safe inside an HTML element or a quoted attribute. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
