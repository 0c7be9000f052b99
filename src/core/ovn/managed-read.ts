// Reads back everything we manage, from both databases at once: the OVS side with one ovs-vsctl (conf.db is
// local and holds the chassis's ports only), the NB with prepared select transactions that return our rows and
// the switches we map, never the whole NB (issue 13: a plain ovn-nbctl read costs what the cloud weighs).
import { EvpnError, toEvpnError } from '../errors.js';
import type { OvnExec } from './exec.js';
import { emptyState, resolveSwitch, type ManagedState } from './managed-state.js';
import { parseNbRead, readNbOps, selectRows, switchOfLspOp, switchPortsOps, type NbRead } from './nbctl.js';
import { atomText, setTexts, type Row } from './ovsdb-json.js';
import { parsePortsRead, readPortsSteps } from './vsctl.js';

/** Runs both tasks to the end (no process is left running behind us) and throws the first failure. */
export async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

/** The managed OVS ports and NB objects as they are now; `mapped` are the logical switches (names or uuids) of the networks. */
export async function readManagedState(exec: OvnExec, mapped: readonly string[]): Promise<ManagedState> {
  const [ovsOut, nb] = await bothSettled(exec.vsctl(readPortsSteps(), { json: true }), readNb(exec, mapped));
  try {
    const ovs = parsePortsRead(ovsOut.join(''));
    return { ...emptyState(), ports: ovs.byPair, strayPorts: ovs.strays, lsps: nb.lsps, strayLsps: nb.strayLsps, pgs: nb.pgs, strayPgs: nb.strayPgs, switches: nb.switches };
  } catch (err) {
    throw unparsed(err);
  }
}

/**
 * The NB in two or three transactions: names of all switches and our marked rows; then the members of the
 * mapped switches (by uuid); then, only for LSPs of ours found on none of them, the switch that holds each.
 */
async function readNb(exec: OvnExec, mapped: readonly string[]): Promise<NbRead> {
  const r = await exec.query('OVN_Northbound', readNbOps());
  const rows = (i: number): Row[] => {
    try {
      return selectRows(r[i]);
    } catch (err) {
      throw unparsed(err);
    }
  };
  const [switches, lsps, pgs, acls] = [rows(0), rows(1), rows(2), rows(3)];
  const index = parseNbRead(switches, [], [], []).switches;
  const wanted = new Set(mapped.map((m) => resolveSwitch(index, m)).filter((u): u is string => u !== null));
  const members = await portsOf(exec, wanted);
  const ours = new Set(lsps.map((l) => atomText(l._uuid)));
  const placed = new Set([...members.values()].flat().filter((u) => ours.has(u)));
  const loose = [...ours].filter((u) => !placed.has(u));
  if (loose.length > 0) {
    const r = await exec.query('OVN_Northbound', loose.map(switchOfLspOp));
    loose.forEach((lsp, i) => {
      for (const row of selectRows(r[i])) {
        const sw = atomText(row._uuid);
        members.set(sw, [...(members.get(sw) ?? []), lsp]);
      }
    });
  }
  const withPorts = switches.map((s) => {
    const ports = members.get(atomText(s._uuid));
    return ports === undefined ? s : { ...s, ports: ['set', ports.map((u) => ['uuid', u])] };
  });
  return parseNbRead(withPorts, lsps, pgs, acls);
}

async function portsOf(exec: OvnExec, switches: Set<string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const r = await exec.query('OVN_Northbound', switchPortsOps(switches));
  for (const res of r) for (const row of selectRows(res)) out.set(atomText(row._uuid), setTexts(row.ports));
  return out;
}

function unparsed(err: unknown): EvpnError {
  const e = toEvpnError(err);
  return new EvpnError('error', `expected OVSDB JSON tables from ovs-vsctl/ovsdb-client, got output that did not parse: ${e.message}`, { cause: err });
}
