import { css } from 'lit';

/**
 * Styles of every Cosmo widget element, adopted as a constructed stylesheet (no inline `<style>`: strict CSP
 * safe). Partners restyle through parts and the custom properties.
 */
export const styles = css`
  :host {
    display: block;
    position: relative;
  }
  :host([hidden]) {
    display: none;
  }
  .body {
    position: relative;
  }
  [part='iframe'] {
    display: block;
    box-sizing: border-box;
    width: 100%;
    min-height: var(--cosmo-widget-min-height, 120px);
    max-height: var(--cosmo-widget-max-height, 2000px);
    border: 0;
  }
  /* Its height is its height attribute, from the widget's last resize (an attribute, not an inline style: a page
     with a strict CSP allows no style attribute); before the first resize, the smallest height. */
  [part='iframe']:not([height]) {
    height: var(--cosmo-widget-min-height, 120px);
  }
  /* Until the handshake the iframe lays out at full width (so its first resize is right) but stays invisible,
     by opacity: Chromium loads a visibility:hidden cross-origin frame at a lower priority (measured: 50-70 ms
     later ready on a cold page). The element makes it inert meanwhile (no focus, no clicks, not announced). */
  :host(:not([state='ready'])) [part='iframe'] {
    position: absolute;
    inset: 0 0 auto;
    opacity: 0;
  }
  [part='loading'],
  [part='error'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: 0.75em;
    min-height: var(--cosmo-widget-min-height, 120px);
    padding: 0 1em;
    text-align: center;
  }
  [part='spinner'] {
    width: 1em;
    height: 1em;
    border: 2px solid;
    border-inline-end-color: transparent;
    border-radius: 50%;
  }
  /* It turns once loading has lasted SPINNER_DELAY_MS (the session's slow flag, as data-slow), and never for users who prefer reduced motion. */
  @media (prefers-reduced-motion: no-preference) {
    [data-slow] > [part='spinner'] {
      animation: spin 0.8s linear infinite;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  [part='dialog'] {
    box-sizing: border-box;
    width: min(100% - 2em, 560px);
    max-height: calc(100% - 2em);
    padding: 0;
    border: 0;
    border-radius: 8px;
    background: Canvas;
    color: CanvasText;
  }
  [part='dialog']::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 0.5em 0.5em 0.5em 1em;
  }
  [part='title'] {
    margin: 0;
    font-size: 1em;
  }
  [part='close'] {
    min-width: 2.75em;
    min-height: 2.75em;
    border: 0;
    background: none;
    color: inherit;
    font-size: 1.25em;
  }
  /* A phone (below 600px wide, set by the element from matchMedia): the dialog takes the whole screen. */
  [part='dialog'][data-phone] {
    width: 100%;
    max-width: none;
    height: 100%;
    max-height: none;
    margin: 0;
    border-radius: 0;
  }
`;
