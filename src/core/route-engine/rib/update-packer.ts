// Packs Adj-RIB-Out changes into as few UPDATE messages as fit: announcements that share one
// attributes object (by reference) and next hop go together in MP_REACH_NLRI; withdrawals go in
// MP_UNREACH_NLRI (RFC 4760 §3, §4). Every message stays within the size limit (RFC 4271 §4.1).
import { EvpnError } from '../../errors.js';
import { AFI_L2VPN, SAFI_EVPN, type EvpnNlri, type PathAttributes, type UpdateMessage } from '../../session-engine/wire/types.js';
import {
  MAX_MESSAGE_SIZE, MP_UNREACH_OVERHEAD, UPDATE_FIXED_SIZE, attributesSizeBound, mpReachOverhead, nlriSize,
} from './message-size.js';

/** One route to announce. Routes meant to share an UPDATE must share the attributes object. */
export interface Announcement {
  readonly nlri: EvpnNlri;
  /** Attributes without MP_REACH/MP_UNREACH; compared by reference when grouping. */
  readonly attributes: PathAttributes;
  readonly nextHop: string;
}

/** The UPDATE messages that carry these withdrawals, then these announcements. */
export function packUpdates(
  withdrawals: readonly EvpnNlri[],
  announcements: readonly Announcement[],
  maxMessageSize = MAX_MESSAGE_SIZE,
): UpdateMessage[] {
  const messages: UpdateMessage[] = [];
  const withdrawBase = UPDATE_FIXED_SIZE + MP_UNREACH_OVERHEAD;
  for (const chunk of chunks(withdrawals, withdrawBase, maxMessageSize)) {
    messages.push(update({ other: [], mpUnreach: { afi: AFI_L2VPN, safi: SAFI_EVPN, evpn: chunk } }));
  }
  for (const [attributes, byNextHop] of groupAnnouncements(announcements)) {
    const attrSize = attributesSizeBound(attributes);
    for (const [nextHop, nlri] of byNextHop) {
      const base = UPDATE_FIXED_SIZE + attrSize + mpReachOverhead([nextHop]);
      for (const chunk of chunks(nlri, base, maxMessageSize)) {
        messages.push(update({ ...attributes, mpReach: { afi: AFI_L2VPN, safi: SAFI_EVPN, nextHops: [nextHop], evpn: chunk } }));
      }
    }
  }
  return messages;
}

function update(attributes: PathAttributes): UpdateMessage {
  return { type: 'update', withdrawnRaw: new Uint8Array(0), attributes, nlriRaw: new Uint8Array(0) };
}

function groupAnnouncements(list: readonly Announcement[]): Map<PathAttributes, Map<string, EvpnNlri[]>> {
  const groups = new Map<PathAttributes, Map<string, EvpnNlri[]>>();
  for (const a of list) {
    let byNextHop = groups.get(a.attributes);
    if (byNextHop === undefined) groups.set(a.attributes, (byNextHop = new Map()));
    const nlri = byNextHop.get(a.nextHop);
    if (nlri === undefined) byNextHop.set(a.nextHop, [a.nlri]);
    else nlri.push(a.nlri);
  }
  return groups;
}

/** Splits NLRI into runs whose encoded size plus the fixed part fits in one message. */
function* chunks(nlri: readonly EvpnNlri[], base: number, max: number): Generator<EvpnNlri[]> {
  let chunk: EvpnNlri[] = [];
  let size = base;
  for (const n of nlri) {
    const s = nlriSize(n);
    if (base + s > max) {
      throw new EvpnError('error', `expected one EVPN route and its attributes to fit in ${max} bytes, got ${base + s}`);
    }
    if (size + s > max) {
      yield chunk;
      chunk = [];
      size = base;
    }
    chunk.push(n);
    size += s;
  }
  if (chunk.length > 0) yield chunk;
}
