// A neighbor's two connections (RFC 4271 §6.8): an inbound candidate waits beside the primary, a newer one
// replaces it while it has sent no OPEN, none is admitted while it is past its OPEN, and when a link ends the
// right one carries on. The FSM steps go to the host, recorded here.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../src/core/log.js';
import type { FsmEvent } from '../../../../../src/core/session-engine/fsm/types.js';
import { LinkPair } from '../../../../../src/core/session-engine/session/link-pair.js';
import type { Link } from '../../../../../src/core/session-engine/session/link.js';
import type { NeighborSettings } from '../../../../../src/core/session-engine/session/types.js';
import { FakeClock } from '../../../../support/fake-clock.js';

function pair() {
  const steps: { link: Link; event: FsmEvent['type'] }[] = [];
  const links = new LinkPair({
    clock: new FakeClock(), log: silentLogger, settings: () => ({ address: '192.0.2.1' } as NeighborSettings),
    step: (link, event) => { steps.push({ link, event: event.type }); },
  });
  return { links, steps };
}

describe('LinkPair', () => {
  it('admits a candidate in passive start, replaces one that sent no OPEN, and turns a third away while one is past its OPEN', () => {
    const { links, steps } = pair();
    const first = links.admitCandidate();
    expect(first?.fsm.name).toBe('Active');
    expect(links.all()).toEqual([links.primary, first]);
    const second = links.admitCandidate();
    expect(steps).toEqual([{ link: first, event: 'OpenCollisionDump' }]);
    expect(links.candidate).toBe(second);
    expect(links.isCurrent(first!)).toBe(false);
    (second as { peerOpen: unknown }).peerOpen = { routerId: '192.0.2.1' };
    expect(links.admitCandidate()).toBeNull();
    expect(links.candidate).toBe(second);
  });

  it('lets a candidate past its OPEN carry on when the primary ends, and keeps one still waiting for its OPEN a candidate', () => {
    const { links } = pair();
    const primary = links.primary;
    const waiting = links.admitCandidate()!;
    links.retired(primary);
    expect(links.primary).toBe(primary);
    expect(links.candidate).toBe(waiting);
    waiting.fsm = { ...waiting.fsm, name: 'OpenConfirm' };
    links.retired(primary);
    expect(links.primary).toBe(waiting);
    expect(links.candidate).toBeNull();
    links.retired(links.primary);
    expect(links.all()).toEqual([waiting]); // the primary going Idle keeps its place: it backs off and dials again
  });

  it('shows the established link, else the more advanced of the two', () => {
    const { links } = pair();
    const c = links.admitCandidate()!;
    c.fsm = { ...c.fsm, name: 'OpenSent' };
    expect(links.shownState().name).toBe('OpenSent');
    c.fsm = { ...c.fsm, name: 'Established' };
    expect(links.established()).toBe(c);
  });
});
