/**
 * Custom Elements Manifest (custom-elements.json) from the element classes and their JSDoc
 * (`@tag`, `@event {Class} name`, `@slot`, `@csspart`, `@cssprop`, `@attribute`): `cem analyze`.
 */

/**
 * Drops the nameless events the analyzer infers from `dispatchEvent(new SomeEvent(…))` calls (every
 * event is declared by name in JSDoc), and `#private` members.
 */
const publicApiOnly = {
  name: 'cosmo-public-api-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
        // `#private` members are not reachable from outside the class: not part of the element's API.
        if (declaration.members) declaration.members = declaration.members.filter((member) => !member.name.startsWith('#'));
      }
    }
  },
};

/**
 * Restores inherited instance members that share a name with a static one: the analyzer's
 * inheritance merges by name, so a subclass's `static widget` hides the base's `widget` getter.
 */
const instanceAndStaticMembers = {
  name: 'cosmo-instance-and-static-members',
  packageLinkPhase({ customElementsManifest }) {
    const classes = new Map();
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) if (declaration.kind === 'class') classes.set(declaration.name, { declaration, module });
    }
    for (const { declaration } of classes.values()) {
      for (let base = classes.get(declaration.superclass?.name); base; base = classes.get(base.declaration.superclass?.name)) {
        for (const member of base.declaration.members ?? []) {
          const clash = (m) => m.name === member.name && !!m.static === !!member.static;
          if (member.static || member.privacy === 'private' || (declaration.members ?? []).some(clash)) continue;
          (declaration.members ??= []).push({ ...member, inheritedFrom: member.inheritedFrom ?? { name: base.declaration.name, module: base.module.path } });
        }
      }
    }
  },
};

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/internal/**', 'src/frameworks/**', 'src/webview*.ts'],
  outdir: '.',
  litelement: true,
  plugins: [publicApiOnly, instanceAndStaticMembers],
};
