// RFC 4271 §6.8 collision resolution between the connection whose OPEN was just accepted and the other.
import { describe, expect, it } from 'vitest';
import { resolveCollision, type OtherSide } from '../../../../../src/core/session-engine/session/collision.js';

const LOCAL = { routerId: '10.0.0.1', asn: 65000 };
const HIGHER = { routerId: '10.0.0.2', asn: 65000 };
const LOWER = { routerId: '10.0.0.0', asn: 65000 };
const other = (state: OtherSide['state'], inbound: boolean, o: { gracefulRestart?: boolean; silent?: boolean } = {}): OtherSide =>
  ({ state, inbound, gracefulRestart: o.gracefulRestart ?? false, silent: o.silent ?? false });

describe('resolveCollision', () => {
  it('keeps the connection opened by the higher BGP identifier', () => {
    // The peer is higher: its connection (inbound) survives.
    expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('OpenConfirm', false), LOCAL, HIGHER)).toBe('dump-other');
    expect(resolveCollision({ state: 'OpenConfirm', inbound: false }, other('OpenSent', true), LOCAL, HIGHER)).toBe('dump-fresh');
    // We are higher: our connection (outbound) survives.
    expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('OpenConfirm', false), LOCAL, LOWER)).toBe('dump-fresh');
    expect(resolveCollision({ state: 'OpenConfirm', inbound: false }, other('OpenSent', true), LOCAL, LOWER)).toBe('dump-other');
  });

  it('breaks equal identifiers by the larger AS (RFC 6286 §2.3)', () => {
    const sameIdBiggerAs = { routerId: '10.0.0.1', asn: 65001 };
    expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('OpenConfirm', false), LOCAL, sameIdBiggerAs)).toBe('dump-other');
  });

  it('closes a new connection while one is Established, unless that one negotiated graceful restart', () => {
    expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('Established', false), LOCAL, HIGHER)).toBe('dump-fresh');
    expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('Established', true, { gracefulRestart: true }), LOCAL, LOWER)).toBe('restart-other');
  });

  it('dumps the older of two connections opened from the same side', () => {
    expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('OpenConfirm', true), LOCAL, LOWER)).toBe('dump-other');
  });

  it('replaces a back-off (Idle) or a passive wait (Active): no connection there, nothing to notify', () => {
    for (const peer of [HIGHER, LOWER]) {
      expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('Idle', false), LOCAL, peer)).toBe('drop-other');
      expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('Active', false), LOCAL, peer)).toBe('drop-other');
    }
  });

  it('judges our dial still in flight (Connect) by BGP identifier, as the peer judges it once it has it', () => {
    // The peer dialed too and its connection got through first. If the peer is higher, its connection is
    // the one both sides keep: drop our dial. If we are higher, both sides keep ours: dump the peer's.
    expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('Connect', false), LOCAL, HIGHER)).toBe('drop-other');
    expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('Connect', false), LOCAL, LOWER)).toBe('dump-fresh');
  });

  it('never lets a silent connection (no byte for a while) win against one that completed the OPEN exchange', () => {
    // By identifier the silent inbound connection would win (the peer is higher); silence overrides that.
    expect(resolveCollision({ state: 'OpenConfirm', inbound: false }, other('OpenSent', true, { silent: true }), LOCAL, HIGHER)).toBe('dump-other');
    expect(resolveCollision({ state: 'OpenConfirm', inbound: false }, other('OpenSent', true, { silent: false }), LOCAL, HIGHER)).toBe('dump-fresh');
  });
});
