import { describe, expect, it } from 'vitest';
import { HEALTH_POLL_MS, HealthLog } from '../../../../src/core/daemon/health-log.js';
import type { Logger } from '../../../../src/core/log.js';
import type { SubsystemStatus } from '../../../../src/core/model/views.js';
import { FakeClock } from '../../../support/fake-clock.js';

describe('HealthLog', () => {
  it('logs entering degraded once and the recovery once, with how long it lasted', async () => {
    const clock = new FakeClock();
    const lines: string[] = [];
    const log: Logger = { error: (m) => lines.push(`E ${m}`), warn: (m) => lines.push(`W ${m}`), info: (m) => lines.push(`I ${m}`), debug: () => undefined, enabled: () => true };
    let ovn: SubsystemStatus = { state: 'ok', lastError: null };
    const h = new HealthLog(clock, log, () => ({ bgp: { state: 'ok', lastError: null }, ovn }));
    h.start();
    await clock.advance(HEALTH_POLL_MS);
    ovn = { state: 'degraded', lastError: 'ovn-nbctl lsp-add: switch name not found' };
    for (let i = 0; i < 5; i++) await clock.advance(HEALTH_POLL_MS);
    ovn = { state: 'degraded', lastError: 'another reason while still degraded' };
    await clock.advance(HEALTH_POLL_MS);
    ovn = { state: 'ok', lastError: null };
    for (let i = 0; i < 3; i++) await clock.advance(HEALTH_POLL_MS);
    h.stop();
    expect(lines).toEqual(['W ovn: degraded: ovn-nbctl lsp-add: switch name not found', 'I ovn: recovered after 6 s (now ok)']);
  });
});
