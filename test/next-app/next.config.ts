import type { NextConfig } from 'next';

const config: NextConfig = {
  // Offline and quiet: no telemetry (NEXT_TELEMETRY_DISABLED=1 in the test too), no image optimisation service.
  images: { unoptimized: true },
  poweredByHeader: false,
  // `next build` type-checks the app with the tsc CLI (TypeScript 7 has no compiler API) and stops on an error: the
  // repo's check of this app (test/node/typecheck.test.ts). Both are Next's defaults, pinned here.
  typescript: { ignoreBuildErrors: false },
  experimental: { useTypeScriptCli: true },
};

export default config;
