// Neighbor settings between processes: FsmConfig's jitter is a function, so it stays behind and the
// receiving session engine draws its own (RFC 4271 §10).
import { randomJitter } from './fsm/config.js';
import type { NeighborSettings } from './session/types.js';
import type { WireSettings } from './protocol.js';

/** Settings for the wire. */
export function wireSettingsOf(s: NeighborSettings): WireSettings {
  const { jitter: _jitter, ...fsm } = s.fsm;
  return { ...s, fsm };
}

/** Settings from the wire, with this engine's jitter. */
export const settingsOf = (w: WireSettings): NeighborSettings => ({ ...w, fsm: { ...w.fsm, jitter: randomJitter } });
