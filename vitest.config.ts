import { defineConfig } from 'vitest/config';

// Five suites, by what they need from the machine:
// unit (nothing), integration (real ovsdb-server/ovs-vswitchd), interop (FRR, GoBGP, os-ken in netns), e2e (the netns lab),
// soak (a light netns lab left up for minutes; scripts/test.sh runs it in the background beside interop and e2e).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      { test: { name: 'interop', include: ['test/interop/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000, fileParallelism: false } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000, fileParallelism: false } },
      // Each soak test sets its own timeout from its duration (EVPNCTL_HA_SOAK_S).
      { test: { name: 'soak', include: ['test/soak/**/*.test.ts'], testTimeout: 900_000, hookTimeout: 300_000, fileParallelism: false } },
    ],
  },
});
