/**
 * Custom Elements Manifest (custom-elements.json) from the element classes and their JSDoc
 * (`@tag`, `@slot`, `@csspart`, `@cssprop`, `@attribute`): `cem analyze`. Each tag's events come from its
 * class's event table and its attributes from its input list (scripts/vocabulary.mjs).
 */
import { loadVocabulary } from './scripts/vocabulary.mjs';

const vocabulary = await loadVocabulary();

/** The inputs' types and doc comments, from the `WidgetInputs` interface of src/inputs.ts: `[{name, type, description}]`. */
const inputTypes = [];
const inputsFromInterface = {
  name: 'cosmo-inputs-from-interface',
  analyzePhase({ ts, node, moduleDoc }) {
    if (!moduleDoc.path.endsWith('src/inputs.ts') || !ts.isInterfaceDeclaration(node) || node.name.text !== 'WidgetInputs') return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const comment = ts.getJSDocCommentsAndTags(member)[0]?.comment;
      const description = typeof comment === 'string' ? comment : (comment ?? []).map((part) => part.text).join('');
      inputTypes.push({ name: member.name.getText(), type: `${member.type.getText()}${member.questionToken ? ' | undefined' : ''}`, description });
    }
  },
};

/**
 * Sets each element's `events` from its event table (name, event class as type, the class's description),
 * and its properties and attributes from its input list (`static properties`, typed and described by the
 * `WidgetInputs` interface), keeping the JSDoc-declared `state`.
 */
const fromClasses = {
  name: 'cosmo-events-and-attributes-from-classes',
  packageLinkPhase({ customElementsManifest }) {
    const declarations = customElementsManifest.modules.flatMap((module) => module.declarations ?? []);
    for (const { tag, events, inputs } of vocabulary) {
      const element = declarations.find((declaration) => declaration.tagName === tag);
      if (!element) throw new Error(`custom-elements.json: no declaration for <${tag}>`);
      const attributes = inputs.flatMap(({ name, attribute, reflect }) => {
        const typed = inputTypes.find((input) => input.name === name);
        if (!typed?.description) throw new Error(`custom-elements.json: input ${name} of <${tag}> is not documented in WidgetInputs`);
        const field = {
          kind: 'field',
          name,
          type: { text: typed.type },
          description: typed.description,
          ...(attribute ? { attribute } : {}),
          ...(reflect ? { reflects: true } : {}),
          inheritedFrom: { name: 'CosmoWidgetElement', module: 'src/cosmo-widget-element.ts' },
        };
        element.members = [...(element.members ?? []).filter((member) => member.name !== name || member.static), field];
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
  plugins: [inputsFromInterface, publicApiOnly, instanceAndStaticMembers, fromClasses],
};
