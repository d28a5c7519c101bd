import type { NextConfig } from 'next';

// Offline and quiet: no telemetry (NEXT_TELEMETRY_DISABLED=1 in the test too), no image optimisation service.
const config: NextConfig = {
  images: { unoptimized: true },
  poweredByHeader: false,
};

export default config;
