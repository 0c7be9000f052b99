// Interop acceptance against FRR 8.4 (kernel VTEP, advertise-all-vni): the real evpnctl daemon (driven by the CLI, in a netns) over iBGP
// and eBGP. The shared suite is support/suite.ts, the peer adapter support/frr-peer.ts.
import { beforeAll } from 'vitest';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { FRR } from './support/frr-peer.js';
import { interopSuite } from './support/suite.js';

beforeAll(async () => {
  await assertLabPrerequisites();
});

interopSuite(FRR, false);
interopSuite(FRR, true);
