// RFC 4271 §6.8 collision resolution between the connection whose OPEN was just accepted and the other.
import { describe, expect, it } from 'vitest';
import { resolveCollision } from '../../../../../src/core/bgp/session/collision.js';

const LOCAL = { routerId: '10.0.0.1', asn: 65000 };
const HIGHER = { routerId: '10.0.0.2', asn: 65000 };
const LOWER = { routerId: '10.0.0.0', asn: 65000 };
const other = (state: 'OpenSent' | 'OpenConfirm' | 'Established' | 'Active', inbound: boolean, gracefulRestart = false) => ({ state, inbound, gracefulRestart });

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
    expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('Established', true, true), LOCAL, LOWER)).toBe('restart-other');
  });

  it('dumps the older of two connections opened from the same side', () => {
    expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('OpenConfirm', true), LOCAL, LOWER)).toBe('dump-other');
  });

  it('does nothing while the other connection has no OPEN exchange going', () => {
    expect(resolveCollision({ state: 'OpenConfirm', inbound: true }, other('Active', false), LOCAL, HIGHER)).toBe('none');
  });
});
