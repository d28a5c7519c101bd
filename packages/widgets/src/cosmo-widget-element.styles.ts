import { css } from 'lit';

/** Styles of every Cosmo widget element. Partners restyle through parts and the custom properties. */
export const styles = css`
  :host {
    display: block;
    position: relative;
  }
  :host([hidden]) {
    display: none;
  }
  [part='iframe'] {
    display: block;
    box-sizing: border-box;
    width: 100%;
    height: var(--cosmo-widget-min-height, 120px);
    min-height: var(--cosmo-widget-min-height, 120px);
    max-height: var(--cosmo-widget-max-height, 2000px);
    border: 0;
  }
  /* Until the handshake the iframe lays out at full width (so its first resize is right) but stays invisible. */
  :host(:not([state='ready'])) [part='iframe'] {
    position: absolute;
    inset: 0 0 auto;
    visibility: hidden;
  }
  [part='loading'],
  [part='error'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: 0.75em;
    min-height: var(--cosmo-widget-min-height, 120px);
  }
  [part='retry'] {
    font: inherit;
    cursor: pointer;
  }
`;
