// The FSM state as the views name it (model/views.ts BgpState).
import type { BgpState } from '../../model/views.js';
import type { FsmState } from './types.js';

/** 'Established' -> 'established', and so on. */
export const viewState = (s: FsmState): BgpState => s.name.toLowerCase() as BgpState;
