// Interop acceptance against os-ken 2.5 BGPSpeaker: the real evpnctl daemon (driven by the CLI, in a netns) over iBGP
// and eBGP. The shared suite is support/suite.ts, the peer adapter support/osken-peer.ts.
import { beforeAll } from 'vitest';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { OSKEN } from './support/osken-peer.js';
import { interopSuite } from './support/suite.js';

beforeAll(async () => {
  await assertLabPrerequisites();
});

interopSuite(OSKEN, false);
interopSuite(OSKEN, true);
