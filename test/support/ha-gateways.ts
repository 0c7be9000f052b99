// The two gateways of issue 10's HA lab as the HA tests drive them: an evpnctl daemon per gateway in one
// HA group, each peering iBGP with FRR site X and mapping VNI 10 onto the lab's switch, and the waits every
// HA test needs (a role reached, X flooding to one gateway only).
import type { HaView, StatusView } from '../../src/core/model/views.js';
import { startEvpnctlDaemon, type EvpnctlDaemon } from '../../src/demo/daemon-process.js';
import { floodVteps } from '../../src/lab/kernel-vtep.js';
import { waitUntil } from '../../src/lab/wait.js';
import type { ChassisSite, HaLab } from '../../src/lab/topology/ha-lab.js';

export type Gw = 'g1' | 'g2';
export const otherGw = (g: Gw): Gw => (g === 'g1' ? 'g2' : 'g1');
/** Site X's VTEP (and BGP address) in the HA lab. */
export const X_VTEP = '192.168.100.1';

export interface HaGatewaysOptions {
  /** HA group (`--ha-group`). */
  group: string;
  /** Hold time offered to X; X's own (frrNeighbor) decides together with it. Omitted: the daemon's default. */
  holdS?: number;
  /** Daemon name prefix (log and socket names), for tests that share a run; default none. */
  prefix?: string;
  logLevel?: 'debug' | 'info';
  /** How long a role wait may take (ms); default 30 s. */
  roleTimeoutMs?: number;
}

/** The gateways' daemons of one HA lab. */
export class HaGateways {
  private readonly daemons: Partial<Record<Gw, EvpnctlDaemon>> = {};

  constructor(private readonly lab: () => HaLab, private readonly o: HaGatewaysOptions) {}

  site(g: Gw): ChassisSite {
    return g === 'g1' ? this.lab().g1 : this.lab().g2;
  }

  daemon(g: Gw): EvpnctlDaemon {
    const d = this.daemons[g];
    if (!d) throw new Error(`daemon ${g} not started`);
    return d;
  }

  async ha(g: Gw): Promise<HaView> {
    return (await this.daemon(g).cli.json<StatusView>(['status'])).ha;
  }

  /** Starts a gateway's daemon in the group and configures it: speaker, X as neighbor, VNI 10. */
  async start(g: Gw): Promise<void> {
    const s = this.site(g);
    const d = await startEvpnctlDaemon(this.lab().run, s, {
      name: `${this.o.prefix ?? ''}${g}`, logLevel: this.o.logLevel ?? 'debug', extraArgs: ['--ha-group', this.o.group],
    });
    this.daemons[g] = d;
    const hold = this.o.holdS === undefined ? [] : ['--hold-time', String(this.o.holdS)];
    for (const args of [
      ['speaker', 'add', '--as', '65000', '--router-id', s.plan.vtepIp],
      ['neighbor', 'add', X_VTEP, '--remote-as', '65000', ...hold],
      ['network', 'add', '--vni', '10', '--logical-switch', this.lab().logicalSwitch],
    ]) await d.cli.run(args);
  }

  /** G1 started and active, then G2 started and standby. */
  async startActiveStandby(): Promise<void> {
    await this.start('g1');
    await this.roleIs('g1', 'active');
    await this.start('g2');
    await this.roleIs('g2', 'standby');
  }

  roleIs(g: Gw, role: HaView['role'], timeoutMs = this.o.roleTimeoutMs ?? 30_000): Promise<unknown> {
    return waitUntil(`${g} to be ${role}`, async () => {
      const h = await this.ha(g);
      return { ok: h.role === role, seen: h };
    }, { timeoutMs, intervalMs: 50 });
  }

  /** Waits until X floods BUM traffic to this gateway's VTEP and no other (only the active advertises type 3). */
  xFloodsTo(g: Gw, timeoutMs = 30_000): Promise<unknown> {
    return waitUntil(`X to flood to ${g} only`, async () => {
      const f = await floodVteps(this.lab().x.vtep);
      return { ok: f.join(',') === this.site(g).plan.vtepIp, seen: f };
    }, { timeoutMs });
  }

  /** Stops every daemon still running (afterAll). */
  async stopAll(): Promise<void> {
    for (const d of Object.values(this.daemons)) await d?.stop();
  }
}
