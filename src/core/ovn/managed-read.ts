// Reads back everything we manage, from both databases at once: one ovs-vsctl and one ovn-nbctl
// process, JSON output only.
import { EvpnError, toEvpnError } from '../errors.js';
import type { OvnExec } from './exec.js';
import { emptyState, type ManagedState } from './managed-state.js';
import { parseNbRead, readNbSteps } from './nbctl.js';
import { parsePortsRead, readPortsSteps } from './vsctl.js';

/** Runs both tasks to the end (no process is left running behind us) and throws the first failure. */
export async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

/** The managed OVS ports and NB objects as they are now. */
export async function readManagedState(exec: OvnExec): Promise<ManagedState> {
  const [ovsOut, nbOut] = await bothSettled(exec.vsctl(readPortsSteps(), { json: true }), exec.nbctl(readNbSteps(), { json: true }));
  try {
    const ovs = parsePortsRead(ovsOut.join(''));
    const nb = parseNbRead(nbOut.join(''));
    return { ...emptyState(), ports: ovs.byPair, strayPorts: ovs.strays, lsps: nb.lsps, strayLsps: nb.strayLsps, pgs: nb.pgs, strayPgs: nb.strayPgs, switches: nb.switches };
  } catch (err) {
    const e = toEvpnError(err);
    throw new EvpnError('error', `expected OVSDB JSON tables from ovs-vsctl/ovn-nbctl, got output that did not parse: ${e.message}`, { cause: err });
  }
}
