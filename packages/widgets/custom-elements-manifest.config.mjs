/**
 * Custom Elements Manifest (custom-elements.json) from the element classes and their JSDoc
 * (`@tag`, `@slot`, `@csspart`, `@cssprop`, `@attribute`): `cem analyze`. Each tag's events come from its
 * class's event table and its attributes from its input list (scripts/vocabulary.mjs).
 */
import { loadVocabulary } from './scripts/vocabulary.mjs';

const vocabulary = await loadVocabulary();

/**
 * Sets each element's `events` from its event table (name, event class as type, the class's description),
 * and its attributes from its input list (`static properties`: the attribute of each input that has one,
 * typed and described by its field), keeping the JSDoc-declared `state`.
 */
const fromClasses = {
  name: 'cosmo-events-and-attributes-from-classes',
  packageLinkPhase({ customElementsManifest }) {
    const declarations = customElementsManifest.modules.flatMap((module) => module.declarations ?? []);
    for (const { tag, events, inputs } of vocabulary) {
      const element = declarations.find((declaration) => declaration.tagName === tag);
      if (!element) throw new Error(`custom-elements.json: no declaration for <${tag}>`);
      const attributes = inputs.flatMap(({ name, attribute, reflect }) => {
        const field = element.members?.find((member) => member.kind === 'field' && member.name === name && !member.static);
        if (!field?.description) throw new Error(`custom-elements.json: input ${name} of <${tag}> has no documented field`);
        Object.assign(field, { ...(attribute ? { attribute } : {}), ...(reflect ? { reflects: true } : {}) });
        return attribute ? [{ name: attribute, fieldName: name, type: field.type, description: field.description }] : [];
      });
      element.attributes = [...attributes, ...(element.attributes ?? []).filter((attribute) => !attribute.fieldName && !attributes.some(({ name }) => name === attribute.name))];
      element.events = events.map(({ name, className }) => {
        const description = declarations.find((declaration) => declaration.name === className)?.description;
        if (!description) throw new Error(`custom-elements.json: ${className} (${name}) has no doc comment`);
        return { name, type: { text: className }, description };
      });
    }
  },
};

/** Drops `#private` members: not reachable from outside the class, not part of the element's API. */
const publicApiOnly = {
  name: 'cosmo-public-api-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
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
  exclude: ['src/**/*.styles.ts', 'src/internal/**', 'src/frameworks/**', 'src/generated/**', 'src/webview*.ts'],
  outdir: '.',
  plugins: [publicApiOnly, instanceAndStaticMembers, fromClasses],
};
