/**
 * Loaded with `node --import` before a package entry, in a plain Node process: traps every access to
 * the browser globals `window`, `document` and `customElements` and prints what happened as one
 * `SSR-TRAP <json>` line when the process exits.
 *
 * How: the global object's prototype becomes a Proxy, so a lookup of a missing global reaches its
 * traps. `has` (an existence probe: `typeof window`, `'document' in globalThis`) is recorded as a
 * probe and answers false, as Node does, so `window.x` still throws a ReferenceError; `get`
 * (`globalThis.window`) and `set` are recorded as accesses. A value set on the global
 * (Lit's Node build installs a `customElements` shim) becomes a getter that records every later read.
 * Each record keeps the first stack frame outside this file, to tell who touched what.
 */
const NAMES = new Set(['window', 'document', 'customElements']);
const records = [];
const self = import.meta.url;

function caller() {
  const lines = (new Error().stack ?? '').split('\n').slice(1);
  const frame = lines.find((line) => !line.includes(self) && !line.includes('node:internal'));
  return frame?.trim().replace(/^at\s+/, '') ?? 'unknown';
}

const proto = Object.getPrototypeOf(globalThis);
Object.setPrototypeOf(
  globalThis,
  new Proxy(proto, {
    has(target, key) {
      if (!NAMES.has(key)) return Reflect.has(target, key);
      records.push({ op: 'probe', name: key, at: caller() });
      return false;
    },
    get(target, key, receiver) {
      if (!NAMES.has(key)) return Reflect.get(target, key, receiver);
      records.push({ op: 'get', name: key, at: caller() });
      return undefined;
    },
    set(target, key, value, receiver) {
      if (!NAMES.has(key)) return Reflect.set(target, key, value, receiver);
      records.push({ op: 'set', name: key, at: caller() });
      Object.defineProperty(globalThis, key, {
        configurable: true,
        enumerable: false,
        get() {
          records.push({ op: 'get', name: key, at: caller() });
          return value;
        },
        set(next) {
          records.push({ op: 'set', name: key, at: caller() });
          value = next;
        },
      });
      return true;
    },
  }),
);

process.on('exit', () => {
  process.stdout.write(`\nSSR-TRAP ${JSON.stringify(records)}\n`);
});
