// NOTIFICATION codes and subcodes as text, for the neighbor view's last error and for log lines.
// RFC 4271 §4.5 and §6, RFC 5492 §5 (Unsupported Capability), RFC 4486 + RFC 8203 (Cease), RFC 6608 (FSM),
// RFC 7313 §5 (ROUTE-REFRESH).

const CODES: Record<number, string> = {
  1: 'Message Header Error',
  2: 'OPEN Message Error',
  3: 'UPDATE Message Error',
  4: 'Hold Timer Expired',
  5: 'Finite State Machine Error',
  6: 'Cease',
  7: 'ROUTE-REFRESH Message Error',
};

const SUBCODES: Record<number, readonly string[]> = {
  1: ['Unspecific', 'Connection Not Synchronized', 'Bad Message Length', 'Bad Message Type'],
  2: [
    'Unspecific', 'Unsupported Version Number', 'Bad Peer AS', 'Bad BGP Identifier', 'Unsupported Optional Parameter',
    'Authentication Failure', 'Unacceptable Hold Time', 'Unsupported Capability', 'Deprecated (8)', 'Deprecated (9)',
    'Deprecated (10)', 'Role Mismatch',
  ],
  3: [
    'Unspecific', 'Malformed Attribute List', 'Unrecognized Well-known Attribute', 'Missing Well-known Attribute',
    'Attribute Flags Error', 'Attribute Length Error', 'Invalid ORIGIN Attribute', 'AS Routing Loop',
    'Invalid NEXT_HOP Attribute', 'Optional Attribute Error', 'Invalid Network Field', 'Malformed AS_PATH',
  ],
  4: ['Unspecific'],
  5: [
    'Unspecific', 'Receive Unexpected Message in OpenSent State', 'Receive Unexpected Message in OpenConfirm State',
    'Receive Unexpected Message in Established State',
  ],
  6: [
    'Unspecific', 'Maximum Number of Prefixes Reached', 'Administrative Shutdown', 'Peer De-configured',
    'Administrative Reset', 'Connection Rejected', 'Other Configuration Change', 'Connection Collision Resolution',
    'Out of Resources', 'Hard Reset', 'BFD Down',
  ],
  7: ['Reserved', 'Invalid Message Length'],
};

/** "OPEN Message Error / Bad Peer AS"; unknown values are shown by number so nothing is lost. */
export function notificationText(code: number, subcode: number): string {
  const name = CODES[code] ?? `Unknown Error Code ${code}`;
  const sub = SUBCODES[code]?.[subcode] ?? `Unknown Subcode ${subcode}`;
  return `${name} / ${sub}`;
}

/** Subcodes used by this codec and the FSM, named so call sites read as the RFC does. */
export const SUBCODE = {
  HEADER_NOT_SYNCHRONIZED: 1,
  HEADER_BAD_LENGTH: 2,
  HEADER_BAD_TYPE: 3,
  OPEN_UNSPECIFIC: 0,
  OPEN_UNSUPPORTED_VERSION: 1,
  OPEN_BAD_PEER_AS: 2,
  OPEN_BAD_BGP_ID: 3,
  OPEN_UNSUPPORTED_OPT_PARAM: 4,
  OPEN_UNACCEPTABLE_HOLD_TIME: 6,
  OPEN_UNSUPPORTED_CAPABILITY: 7,
  UPDATE_MALFORMED_ATTRIBUTE_LIST: 1,
  UPDATE_UNRECOGNIZED_WELL_KNOWN: 2,
  UPDATE_MISSING_WELL_KNOWN: 3,
  UPDATE_ATTRIBUTE_FLAGS: 4,
  UPDATE_ATTRIBUTE_LENGTH: 5,
  UPDATE_INVALID_ORIGIN: 6,
  UPDATE_INVALID_NEXT_HOP: 8,
  UPDATE_OPTIONAL_ATTRIBUTE: 9,
  UPDATE_INVALID_NETWORK_FIELD: 10,
  UPDATE_MALFORMED_AS_PATH: 11,
  FSM_UNSPECIFIC: 0,
  FSM_UNEXPECTED_IN_OPENSENT: 1,
  FSM_UNEXPECTED_IN_OPENCONFIRM: 2,
  FSM_UNEXPECTED_IN_ESTABLISHED: 3,
  CEASE_ADMIN_SHUTDOWN: 2,
  CEASE_PEER_DECONFIGURED: 3,
  CEASE_ADMIN_RESET: 4,
  CEASE_CONNECTION_REJECTED: 5,
  CEASE_OTHER_CONFIG_CHANGE: 6,
  CEASE_COLLISION_RESOLUTION: 7,
  CEASE_OUT_OF_RESOURCES: 8,
  ROUTE_REFRESH_INVALID_LENGTH: 1,
} as const;
