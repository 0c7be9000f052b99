// Duplicate MAC detection (RFC 7432 §15.1): a MAC that moves N times within M seconds is a duplicate.
// Like FRR's "dup-addr-detection freeze", a duplicate is then pinned where it is and further moves are
// ignored, until cleared by hand or, when configured, until the freeze time runs out. Time is passed in.
import { ValidationError } from '../../errors.js';

/** Detection thresholds. freezeSeconds null means frozen until cleared. */
export interface DupDetectionConfig {
  readonly maxMoves: number;
  readonly windowSeconds: number;
  readonly freezeSeconds: number | null;
}

/** RFC 7432 §15.1 suggests N = 5 moves in M = 180 seconds. */
export const DEFAULT_DUP_DETECTION: DupDetectionConfig = Object.freeze({ maxMoves: 5, windowSeconds: 180, freezeSeconds: null });

/** The moves of one MAC inside the window, and the freeze once detected. */
export interface MoveHistory {
  /** Times of recent moves (monotonic ms), oldest first, at most maxMoves of them. */
  readonly moves: number[];
  frozen: { readonly at: string; readonly since: number; readonly until: number | null } | null;
}

/** Checks a configuration, naming the bad field. */
export function checkDupConfig(cfg: DupDetectionConfig): DupDetectionConfig {
  if (!Number.isInteger(cfg.maxMoves) || cfg.maxMoves < 2) {
    throw new ValidationError('duplicate detection max moves', cfg.maxMoves, 'an integer of at least 2');
  }
  if (!(cfg.windowSeconds > 0)) throw new ValidationError('duplicate detection window', cfg.windowSeconds, 'a positive number of seconds');
  if (cfg.freezeSeconds !== null && !(cfg.freezeSeconds > 0)) {
    throw new ValidationError('duplicate detection freeze time', cfg.freezeSeconds, 'a positive number of seconds, or null for permanent');
  }
  return cfg;
}

/** A fresh, empty history. */
export const newHistory = (): MoveHistory => ({ moves: [], frozen: null });

/**
 * Records a move to `to` at `now`. Returns true when this move is the Nth within the window: the MAC
 * is then frozen at `to` (the move that revealed the duplicate is kept, later ones are not).
 */
export function recordMove(h: MoveHistory, to: string, now: number, cfg: DupDetectionConfig): boolean {
  const windowStart = now - cfg.windowSeconds * 1000;
  while (h.moves.length > 0 && (h.moves[0] ?? now) <= windowStart) h.moves.shift();
  h.moves.push(now);
  if (h.moves.length > cfg.maxMoves) h.moves.shift();
  if (h.moves.length < cfg.maxMoves) return false;
  h.frozen = { at: to, since: now, until: cfg.freezeSeconds === null ? null : now + cfg.freezeSeconds * 1000 };
  return true;
}

/** True when a freeze with a time limit has run out. */
export const thawDue = (h: MoveHistory, now: number): boolean => h.frozen?.until != null && h.frozen.until <= now;
