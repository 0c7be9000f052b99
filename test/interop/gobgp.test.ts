// Interop acceptance against gobgpd 3.10: the real evpnctl daemon (driven by the CLI, in a netns) over iBGP
// and eBGP. The shared suite is support/suite.ts, the peer adapter support/gobgp-peer.ts.
import { beforeAll } from 'vitest';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { GOBGP } from './support/gobgp-peer.js';
import { interopSuite } from './support/suite.js';

beforeAll(async () => {
  await assertLabPrerequisites();
});

interopSuite(GOBGP, false);
interopSuite(GOBGP, true);
