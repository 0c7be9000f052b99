// The peer matrix (issue 9): the real evpnctl daemon against evpnctl, FRR 8.4, FRR 10.3, GoBGP 3.10,
// GoBGP 3.36 and os-ken 2.5, iBGP and eBGP, BGP over IPv4 and over IPv6, all with automatic RD/RT and no
// --passive. FRR 10.3 and GoBGP 3.36 run from the Debian 13 root (scripts/trixie-root.sh, built here when
// missing). Every cell is a test; the run writes test-results/peer-matrix.md and .json and prints the table.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailures } from '../../src/lab/cleanup.js';
import { ensureTrixieRoot } from '../../src/lab/debian-root.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { ROOT } from '../support/evpnctl.js';
import { SESSION_KINDS, columnOf, renderMatrixMarkdown, type CellResult } from './support/matrix-table.js';
import { MATRIX_PEERS, buildPeerLab, runCell, type PeerLab } from './support/peer-matrix.js';

const results: CellResult[] = [];
const startedAt = Date.now();
let rootPackages = '';

beforeAll(async () => {
  await assertLabPrerequisites();
  rootPackages = (await ensureTrixieRoot()).packages;
}, 660_000);

afterAll(async () => {
  const dir = join(ROOT, 'test-results');
  await mkdir(dir, { recursive: true });
  const meta = { date: new Date().toISOString(), totalMs: Date.now() - startedAt };
  const md = renderMatrixMarkdown(MATRIX_PEERS.map((p) => p.name), results, meta);
  await writeFile(join(dir, 'peer-matrix.md'), md);
  await writeFile(join(dir, 'peer-matrix.json'), `${JSON.stringify({ ...meta, trixieRoot: rootPackages, cells: results }, null, 2)}\n`);
  console.log(`${md}\n(written to ${join(dir, 'peer-matrix.md')} and peer-matrix.json)`);
});

for (const peer of MATRIX_PEERS) {
  describe(peer.name, () => {
    let lab: PeerLab | undefined;
    let buildError: unknown;

    beforeAll(async () => {
      // A lab that cannot be built fails each of its cells (and shows in the table), rather than the whole file.
      lab = await buildPeerLab(peer).catch((err: unknown) => void (buildError = err));
    });

    afterAll(async () => {
      if (lab) expect(describeFailures(await lab.pair.down())).toBe('');
    });

    for (const k of SESSION_KINDS) {
      it(columnOf(k), async () => {
        const r: CellResult = lab ? await runCell(lab, k) : {
          peer: peer.name, ...k, result: 'fail', establishedMs: null, failedStep: 'build the lab', durationMs: 0,
          error: buildError instanceof Error ? buildError.message : String(buildError),
        };
        results.push(r);
        expect(r.error, `${peer.name}, ${columnOf(k)}: failed at "${r.failedStep}"`).toBeNull();
        expect(r.result).toBe('pass');
      });
    }
  });
}
