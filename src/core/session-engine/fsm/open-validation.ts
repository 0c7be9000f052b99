// RFC 4271 §6.2 checks of the peer's OPEN, with RFC 6793 (4-octet AS), RFC 6286 (BGP identifier) and
// RFC 5492 (a capability we require). A failure names the NOTIFICATION to send.
import { isIPv4 } from 'node:net';
import { NOTIFY, type OpenMessage } from '../wire/types.js';
import { SUBCODE } from '../wire/notification-text.js';
import { AS_TRANS } from '../wire/capabilities/four-octet-as.js';
import { Writer } from '../wire/writer.js';
import { encodeCapability } from '../wire/capabilities/index.js';
import { AFI_L2VPN, SAFI_EVPN } from '../wire/types.js';
import type { FsmConfig, PeerSession } from './types.js';
import { announcesEvpn, fourOctetAsOf, negotiate } from './capabilities.js';

export type OpenVerdict =
  | { ok: true; peer: PeerSession }
  | { ok: false; code: number; subcode: number; data: Uint8Array; detail: string };

const reject = (subcode: number, detail: string, data: Uint8Array = new Uint8Array(0)): OpenVerdict => ({
  ok: false, code: NOTIFY.OPEN_MESSAGE, subcode, data, detail,
});

/** The peer's real AS: the 4-octet AS capability when present, else My AS. */
export const peerAsOf = (open: OpenMessage): number => fourOctetAsOf(open.capabilities) ?? open.myAs;

/** Checks an OPEN against the neighbor's configuration and negotiates the session. */
export function validateOpen(open: OpenMessage, config: FsmConfig): OpenVerdict {
  if (open.version !== 4) {
    // §6.2: data is the largest version we support, as a 2-octet unsigned integer.
    return reject(SUBCODE.OPEN_UNSUPPORTED_VERSION, `expected BGP version 4, got ${open.version}`, Uint8Array.of(0, 4));
  }
  const peerAs = peerAsOf(open);
  const cap = fourOctetAsOf(open.capabilities);
  if (cap !== null && cap > 0xffff && open.myAs !== AS_TRANS) {
    return reject(SUBCODE.OPEN_BAD_PEER_AS, `4-octet AS ${cap} announced with My AS ${open.myAs} instead of AS_TRANS ${AS_TRANS}`);
  }
  if (peerAs !== config.remoteAs) {
    return reject(SUBCODE.OPEN_BAD_PEER_AS, `expected peer AS ${config.remoteAs}, got ${peerAs}`);
  }
  if (open.holdTime === 1 || open.holdTime === 2) {
    return reject(SUBCODE.OPEN_UNACCEPTABLE_HOLD_TIME, `expected a hold time of 0 or at least 3 s, got ${open.holdTime}`);
  }
  if (!isIPv4(open.routerId) || open.routerId === '0.0.0.0') {
    return reject(SUBCODE.OPEN_BAD_BGP_ID, `expected a non-zero BGP identifier, got ${open.routerId}`);
  }
  if (peerAs === config.localAs && open.routerId === config.routerId) {
    // RFC 6286 §2.1: inside one AS the identifiers must differ.
    return reject(SUBCODE.OPEN_BAD_BGP_ID, `internal peer uses our own BGP identifier ${open.routerId}`);
  }
  if (!announcesEvpn(open.capabilities)) {
    // RFC 5492 §5: Unsupported Capability, data = the capability we need.
    const w = new Writer(8);
    encodeCapability(w, { code: 1, afi: AFI_L2VPN, safi: SAFI_EVPN });
    return reject(SUBCODE.OPEN_UNSUPPORTED_CAPABILITY, 'the peer does not announce multiprotocol L2VPN/EVPN (AFI 25, SAFI 70)', w.finish());
  }
  const holdTime = Math.min(config.holdTime, open.holdTime);
  const capabilities = negotiate(config.capabilities, open.capabilities);
  return {
    ok: true,
    peer: {
      asn: peerAs, routerId: open.routerId, holdTime, keepaliveTime: Math.floor(holdTime / 3), capabilities,
      fourOctetAs: capabilities.fourOctetAs,
    },
  };
}
