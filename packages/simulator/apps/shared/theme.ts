/**
 * Applies the host's appearance (from `init` and live `appearance` messages) as CSS custom properties on
 * the document element, through the CSSOM, which a strict CSP allows (unlike inline style attributes).
 * The values were already checked by the protocol's schema (no `;`, braces or angle brackets).
 */
import type { Appearance } from '@cosmopoints/protocol';

/** Appearance keys and the custom property each one sets. */
export const APPEARANCE_PROPERTIES = {
  colorPrimary: '--cosmo-color-primary',
  colorBackground: '--cosmo-color-background',
  colorText: '--cosmo-color-text',
  fontFamily: '--cosmo-font-family',
  borderRadius: '--cosmo-border-radius',
} as const satisfies Partial<Record<keyof Appearance, string>>;

/** Replaces the current appearance: keys absent from `appearance` go back to the app's defaults. */
export function applyAppearance(appearance: Appearance | undefined, root: HTMLElement = document.documentElement): void {
  for (const [key, property] of Object.entries(APPEARANCE_PROPERTIES)) {
    const value = appearance?.[key as keyof typeof APPEARANCE_PROPERTIES];
    if (value) root.style.setProperty(property, value);
    else root.style.removeProperty(property);
  }
  if (appearance?.colorScheme) {
    root.dataset.scheme = appearance.colorScheme;
    root.style.setProperty('color-scheme', appearance.colorScheme);
  } else {
    delete root.dataset.scheme;
    root.style.removeProperty('color-scheme');
  }
}
