/**
 * Custom Elements Manifest (custom-elements.json) from the element classes and their JSDoc
 * (`@tag`, `@event {Class} name`, `@slot`, `@csspart`, `@cssprop`, `@attribute`): `cem analyze`.
 */

/** Drops the nameless events the analyzer infers from `dispatchEvent(new SomeEvent(…))` calls: every event is declared by name in JSDoc. */
const namedEventsOnly = {
  name: 'cosmo-named-events-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
      }
    }
  },
};

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/internal/**', 'src/frameworks/**', 'src/webview*.ts'],
  outdir: '.',
  litelement: true,
  plugins: [namedEventsOnly],
};
