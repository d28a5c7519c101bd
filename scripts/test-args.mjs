// @ts-check
/**
 * The arguments of `pnpm test` (scripts/test.mjs): which layers, which engines, how many runs.
 *
 *   pnpm test -- node e2e                      layers by name (default: all three)
 *   pnpm test -- browser webkit                engines by name (default: all three), as before
 *   pnpm test -- browser --engine webkit       the same; --engine may repeat or list several: --engine chromium,firefox
 *   pnpm test -- browser --engine webkit --repeat 10    the chosen layers and engines 10 times (one build)
 */

/** The layers, in the order they run. */
export const LAYERS = ['node', 'browser', 'e2e'];

export const USAGE = `usage: pnpm test -- [node] [browser] [e2e] [chromium] [firefox] [webkit] [--engine <name>[,<name>]]… [--repeat <n>]
  layers and engines default to all; --repeat (default 1) runs the chosen layers in the chosen engines n times after one build`;

/**
 * @typedef {object} TestArgs
 * @property {string[]} layers  in {@link LAYERS} order
 * @property {string[]} engines  in the order of `allEngines`
 * @property {number} repeat  1 or more
 */

/**
 * Parses the arguments after `pnpm test` (a `--` pnpm passes on is ignored). Throws an Error with the usage on an
 * unknown word, engine or count: a typo must not quietly run nothing, or everything.
 * @param {string[]} argv
 * @param {readonly string[]} allEngines  the engine names, in summary order (find-browsers.mjs `ENGINES`)
 * @returns {TestArgs}
 */
export function parseTestArgs(argv, allEngines) {
  /** @type {Set<string>} */
  const layers = new Set();
  /** @type {Set<string>} */
  const engines = new Set();
  let repeat = 1;
  const fail = (/** @type {string} */ message) => {
    throw new Error(`${message}\n${USAGE}`);
  };
  const addEngines = (/** @type {string | undefined} */ list) => {
    if (!list) fail('--engine needs a name');
    for (const name of String(list).split(',').map((part) => part.trim()).filter(Boolean)) {
      if (!allEngines.includes(name)) fail(`unknown engine "${name}" (engines: ${allEngines.join(', ')})`);
      engines.add(name);
    }
  };
  const args = argv.filter((arg) => arg !== '--');
  for (let index = 0; index < args.length; index += 1) {
    const arg = /** @type {string} */ (args[index]);
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    // `--engine webkit` and `--engine=webkit` alike.
    const value = () => inline ?? args[(index += 1)];
    if (flag === '--engine') addEngines(value());
    else if (flag === '--repeat') {
      const text = value() ?? '';
      if (!/^\d+$/.test(text) || Number(text) < 1) fail(`--repeat needs a whole number of runs, 1 or more, not "${text}"`);
      repeat = Number(text);
    } else if (LAYERS.includes(arg)) layers.add(arg);
    else if (allEngines.includes(arg)) engines.add(arg);
    else fail(`unknown argument "${arg}"`);
  }
  return {
    layers: LAYERS.filter((layer) => layers.size === 0 || layers.has(layer)),
    engines: allEngines.filter((engine) => engines.size === 0 || engines.has(engine)),
    repeat,
  };
}
