/**
 * The base of the elements: Lit's reactive-controller host contract (`addController`, `requestUpdate`,
 * `updateComplete`, the `hostConnected` / `hostUpdate` / `hostUpdated` / `hostDisconnected` callbacks) and
 * reactive properties declared in a `static properties` list, on a plain `HTMLElement`.
 *
 * Why not Lit's `ReactiveElement`: measured with esbuild, it is 2.8 KB of the 10 KB gzip budget of the
 * script-tag bundle (with its CSS helpers), and the bundle with every feature did not fit with it
 * (11.5 KB); the part of it the elements use is this module. The controllers are Lit's own protocol, so
 * a Lit controller works on these elements unchanged.
 */
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';

/** How a reactive property meets its attribute: the subset of Lit's `PropertyDeclaration` the elements use. */
export interface PropertyDeclaration {
  /** The attribute's name, or `false` for a property-only input (objects, functions). Default: the property name, lower-cased. */
  readonly attribute?: string | false;
  /** `Number` or `Boolean` to read the attribute's text as; a string by default (`null` when the attribute is removed). */
  readonly type?: NumberConstructor | BooleanConstructor;
  /** Writes the property back to its attribute. */
  readonly reflect?: boolean;
}

/** A class's reactive properties: property name → declaration. */
export type PropertyDeclarations = Readonly<Record<string, PropertyDeclaration>>;

/** The attribute of a declared property, or `undefined` when it has none. */
export const attributeOf = (name: string, { attribute = name.toLowerCase() }: PropertyDeclaration): string | undefined => attribute || undefined;

// Server rendering imports the element classes in Node, where there is no HTMLElement: the classes load, and are never constructed there.
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;
const sheets = new WeakMap<object, CSSStyleSheet>();

/** A custom element with reactive properties and reactive controllers; see the module comment. */
export abstract class ReactiveHost extends Base implements ReactiveControllerHost {
  /** The reactive properties; their accessors are installed by {@link ReactiveHost.finalize}. */
  static properties: PropertyDeclarations = {};
  /** The shadow root's styles, as CSS text (adopted as a constructed stylesheet: no inline `<style>`, strict CSP safe). */
  static styles = '';

  /** The attributes of the declared properties, for `customElements.define`. */
  static get observedAttributes(): string[] {
    return Object.entries(this.properties).flatMap(([name, declaration]) => attributeOf(name, declaration) ?? []);
  }

  /** Installs an accessor on `this.prototype` for each declared property: setting one requests an update. */
  static finalize(): void {
    for (const [name, declaration] of Object.entries(this.properties)) {
      const attribute = attributeOf(name, declaration);
      Object.defineProperty(this.prototype, name, {
        configurable: true,
        get(this: ReactiveHost) {
          return this.#values.get(name);
        },
        set(this: ReactiveHost, value: unknown) {
          if (Object.is(value, this.#values.get(name))) return;
          this.#values.set(name, value);
          if (declaration.reflect && attribute && !this.#reading) this.toggleAttribute(attribute, !!value);
          this.requestUpdate();
        },
      });
    }
  }

  readonly #values = new Map<string, unknown>();
  readonly #controllers = new Set<ReactiveController>();
  readonly #early = new Map<string, unknown>();
  #pending: Promise<boolean> | undefined;
  #reading = false;

  constructor() {
    super();
    const constructor = this.constructor as typeof ReactiveHost;
    let sheet = sheets.get(constructor);
    if (!sheet) sheets.set(constructor, (sheet = new CSSStyleSheet())), sheet.replaceSync(constructor.styles);
    this.attachShadow({ mode: 'open' }).adoptedStyleSheets = [sheet];
    // A property set on the element before its class was defined (a framework that was faster than the
    // script tag) is an own property hiding the accessor: keep its value for the accessor, set at connect,
    // once the subclass's constructor has set its defaults.
    for (const name of Object.keys(constructor.properties)) {
      if (Object.hasOwn(this, name)) {
        this.#early.set(name, this[name as keyof this]);
        delete this[name as keyof this];
      }
    }
  }

  /** Resolves with `true` once no update is pending (after the one in progress, and any it requested). */
  get updateComplete(): Promise<boolean> {
    return this.#pending ? this.#pending.then(() => this.updateComplete) : Promise.resolve(true);
  }

  addController(controller: ReactiveController): void {
    this.#controllers.add(controller);
    if (this.isConnected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController): void {
    this.#controllers.delete(controller);
  }

  /** Updates the element in a microtask (once for any number of requests), while it is connected. */
  requestUpdate(): void {
    if (this.isConnected)
      this.#pending ??= Promise.resolve().then(() => {
        this.#pending = undefined;
        for (const controller of this.#controllers) controller.hostUpdate?.();
        this.update();
        for (const controller of this.#controllers) controller.hostUpdated?.();
        return true;
      });
  }

  connectedCallback(): void {
    for (const [name, value] of this.#early) this[name as keyof this] = value as this[keyof this];
    this.#early.clear();
    for (const controller of this.#controllers) controller.hostConnected?.();
    this.requestUpdate();
  }

  disconnectedCallback(): void {
    for (const controller of this.#controllers) controller.hostDisconnected?.();
  }

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    const properties = (this.constructor as typeof ReactiveHost).properties;
    const entry = Object.entries(properties).find(([name, declaration]) => attributeOf(name, declaration) === attribute);
    if (!entry) return;
    const [name, { type }] = entry;
    this.#reading = true;
    this[name as keyof this] = (type === Boolean ? value !== null : type === Number && value !== null ? Number(value) : value) as this[keyof this];
    this.#reading = false;
  }

  /** Renders the current state into the shadow root; called by each update, after the controllers' `hostUpdate`. */
  protected abstract update(): void;
}
