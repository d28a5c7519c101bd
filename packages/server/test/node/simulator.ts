/**
 * The simulator, for tests and benches. Imported by path, not as a devDependency: `@cosmopoints/simulator` depends on
 * this package (it signs webhooks with `signWebhook`), and a dependency back would be a cycle that `pnpm -r build`
 * refuses (ERR_PNPM_TASK_CYCLE). Build it first: `pnpm --filter @cosmopoints/simulator build`.
 */
export { startSimulator } from '../../../simulator/dist/index.js';
export type { Simulator } from '../../../simulator/dist/index.js';
