// What the codec must know about the session to read and write bytes.

/** Negotiated session facts that change the encoding. Before the OPEN exchange use { fourOctetAs: true }. */
export interface CodecContext {
  /** Both sides announced the 4-octet AS capability (RFC 6793 §3): AS_PATH and AGGREGATOR carry 4-octet ASNs. */
  fourOctetAs: boolean;
}

/** The context to encode our OPEN with and to decode a peer's OPEN. */
export const OPEN_CONTEXT: CodecContext = Object.freeze({ fourOctetAs: true });
