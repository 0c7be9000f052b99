// `npm run demo` as a program (src/demo/main.ts, what scripts/demo.sh runs after setup and build): it
// passes and exits 0, --keep leaves a lab whose printed hints work, `down <id>` removes it, the same for
// the OVN <-> OVN variant (--ovn-ovn), and Ctrl-C during the build leaves nothing behind.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NeighborView } from '../../src/core/model/views.js';
import { Manifest } from '../../src/lab/manifest.js';
import { runDirOf } from '../../src/lab/names.js';
import { findLeftovers } from '../../src/lab/run.js';
import { waitFor } from '../../src/lab/wait.js';
import { ROOT, evpnctl, requireBuild } from '../support/evpnctl.js';

/** The demo entry, run by node with tsx's loader (no npx/tsx wrapper process between us and it). */
const demo = (args: string[]) => execa(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', ...args], {
  cwd: ROOT, reject: false, timeout: 180_000, env: { NO_COLOR: '1' }, stdin: 'ignore',
});

/** Runs use on the lab a `--keep` run left up, then `down <id>`, and checks that nothing of it is left. */
async function usingKeptRun(stdout: string, use: (id: string) => Promise<void>): Promise<void> {
  const id = /^lab ([a-z0-9]{6}) is up/m.exec(stdout)?.[1];
  if (!id) throw new Error(`expected "lab <id> is up" in:\n${stdout}`);
  const processes = Manifest.load(runDirOf(id)).data.processes;
  try {
    await use(id);
  } finally {
    const down = await demo(['down', id]);
    expect(down.exitCode, down.stdout).toBe(0);
    expect(down.stdout).toContain(`run ${id} is down`);
  }
  expect(await findLeftovers(id, processes)).toEqual({ netns: [], processes: [] });
  expect(existsSync(runDirOf(id))).toBe(false);
}

describe('npm run demo (the program)', () => {
  it('--keep: PASS and exit 0; the kept lab answers the printed hints; `down <id>` leaves nothing behind', async () => {
    requireBuild();
    const up = await demo(['--keep']);
    expect(up.exitCode, `${up.stdout}\n${up.stderr}`).toBe(0);
    expect(up.stdout).toMatch(/^time to PASS: \d+\.\d s/m);
    expect(up.stdout).toMatch(/^PASS \(\d+ steps, 0 failed/m);
    for (const step of ['1. evpnctl speaker add', '2. evpnctl neighbor add', '3. evpnctl network add --vni 10 --network-id', '4. evpnctl client add', '5. first echo reply']) {
      expect(up.stdout).toContain(step);
    }
    expect(up.stdout).toMatch(/\$ evpnctl neighbor list\n\s+Neighbor .*\n\s+192\.168\.100\.1 .*established/);
    expect(up.stdout).toContain('$ evpnctl route list');
    await usingKeptRun(up.stdout, async (id) => {
      const socket = /--socket (\S+) neighbor list/.exec(up.stdout)?.[1] ?? '';
      const neighbors = await evpnctl(['--socket', socket, '--json', 'neighbor', 'list']);
      expect((JSON.parse(neighbors.stdout) as NeighborView[]).map((n) => n.state)).toEqual(['established']);
      const pinged = await demo(['ping', id, 'h1', '10.0.0.22']);
      expect(pinged.stdout).toContain('3 transmitted, 3 received');
    });
  });

  it('--ovn-ovn --keep: two OVN sites, each configured only with evpnctl and neither passive, PASS; both daemons answer the hints; `down <id>` leaves nothing', async () => {
    requireBuild();
    const up = await demo(['--ovn-ovn', '--keep']);
    expect(up.exitCode, `${up.stdout}\n${up.stderr}`).toBe(0);
    expect(up.stdout).toMatch(/^PASS \(\d+ steps, 0 failed/m);
    for (const step of ['Y: 1. evpnctl speaker add --as 65000 --router-id 192.168.100.2', 'Y: 2. evpnctl neighbor add 192.168.100.4 --remote-as 65000 —',
      'Y: 3. evpnctl network add --vni 10 --network-id', 'Y2: 1. evpnctl speaker add --as 65000 --router-id 192.168.100.4',
      'Y2: 2. evpnctl neighbor add 192.168.100.2 --remote-as 65000 —', 'Y2: 3. evpnctl network add --vni 10 --network-id',
      "site Y2's hosts reach site Y's OVN", "site Y's hosts reach site Y2's OVN", '5. first echo reply vm1 → vm2', 'ping vm2 → vm1 (10.0.0.22), 5 echoes — 5/5 replies',
      'the underlay (uy0) carries the echoes in VXLAN VNI 10, both ways']) {
      expect(up.stdout).toContain(step);
    }
    expect(up.stdout).not.toContain('--passive');
    await usingKeptRun(up.stdout, async (id) => {
      const sockets = [...up.stdout.matchAll(/--socket (\S+) neighbor list/g)].map((m) => m[1] ?? '');
      expect(sockets).toHaveLength(2);
      for (const [socket, peer] of [[sockets[0], '192.168.100.4'], [sockets[1], '192.168.100.2']] as const) {
        const neighbors = JSON.parse((await evpnctl(['--socket', socket ?? '', '--json', 'neighbor', 'list'])).stdout) as NeighborView[];
        expect(neighbors.map((n) => [n.address, n.state, n.passive])).toEqual([[peer, 'established', false]]);
      }
      const pinged = await demo(['ping', id, 'vm2', '10.0.0.22']);
      expect(pinged.stdout).toContain('3 transmitted, 3 received');
    });
  });

  it('--ha: two gateways in one group, the standby advertising nothing, a kill -9 of the active: PASS and exit 0, nothing left', async () => {
    requireBuild();
    const r = await demo(['--ha']);
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/HA:\s+standby in group gw \(chassis gw[12], active: gw[12]/);
    expect(r.stdout).toMatch(/✔ .* at most 10 echoes lost each way — h1 -> vm1 \d+\/100 lost, vm1 -> h1 \d+\/100 lost/);
    const id = /run ([a-z0-9]{6}), NB tcp:/.exec(r.stdout)?.[1];
    if (!id) throw new Error(`expected the run id in:\n${r.stdout}`);
    expect(existsSync(runDirOf(id))).toBe(false);
    expect(await findLeftovers(id, [])).toEqual({ netns: [], processes: [] });
    const usage = await demo(['--ha', '--keep']);
    expect(usage.exitCode).toBe(2);
    expect(usage.stdout).toContain('--ha runs its own lab through a failover and tears it down');
  });

  it('Ctrl-C while the lab is up tears it down and removes its directory', async () => {
    requireBuild();
    const child = execa(process.execPath, ['--import', 'tsx', 'src/demo/main.ts'], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore', buffer: true });
    let text = '';
    child.stdout?.on('data', (b: Buffer) => {
      text += b.toString();
    });
    const id = await waitFor('the demo to start its daemon', async () => {
      const m = /run ([a-z0-9]{6})[\s\S]*start `evpnctl daemon`/.exec(text);
      return m?.[1];
    }, { timeoutMs: 60_000, intervalMs: 50 });
    const processes = Manifest.load(runDirOf(id)).data.processes;
    expect(processes.map((p) => p.name)).toEqual(expect.arrayContaining(['evpnctl-daemon', 'ovn-controller']));
    child.kill('SIGINT');
    const r = await child;
    expect(r.signal).toBe('SIGINT');
    expect(text).toContain(`SIGINT: run ${id} torn down`);
    expect(await findLeftovers(id, processes)).toEqual({ netns: [], processes: [] });
    expect(existsSync(runDirOf(id))).toBe(false);
  });
});
