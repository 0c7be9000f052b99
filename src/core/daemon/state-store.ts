// Persistence of the desired state in <state-dir>/state.json through conf, which validates against the
// JSON schema and writes atomically (temp file + rename), so a SIGKILL leaves the old or the new file,
// never a torn one. A corrupt or unknown-version file stops the daemon and is left untouched.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { EvpnError } from '../errors.js';
import type { DesiredState } from '../model/config.js';
import { STATE_VERSION, stateSchema } from './state-schema.js';
import { fsErrorCode, stateDirError, stateWriteError } from './state-dir-error.js';

interface StateFile extends DesiredState {
  version: number;
}

/** The file could not be used; the message says why and that nothing was changed. */
export class StateFileError extends EvpnError {
  constructor(path: string, why: string, options?: { cause?: unknown }) {
    super('error', `state file ${path} is unusable: ${why}. It was left untouched; repair or move it away, then start again`, options);
  }
}

/** Reads and writes the desired state. */
export class StateStore {
  readonly path: string;
  private readonly conf: Conf<StateFile>;

  private constructor(path: string, conf: Conf<StateFile>) {
    this.path = path;
    this.conf = conf;
  }

  /** Opens (or creates) the state file in `dir`. Throws StateFileError for corrupt or unknown-version files. */
  static open(dir: string): StateStore {
    const path = join(dir, 'state.json');
    try {
      precheck(path);
      const conf = new Conf<StateFile>({
        cwd: dir,
        configName: 'state',
        projectName: 'evpnctl',
        schema: stateSchema as never,
        defaults: { version: STATE_VERSION, neighbors: [], networks: [], clients: [] },
        configFileMode: 0o600,
        clearInvalidConfig: false,
        accessPropertiesByDotNotation: false,
        watch: false,
      });
      return new StateStore(path, conf);
    } catch (err) {
      if (err instanceof EvpnError) throw err;
      if (fsErrorCode(err) !== undefined) throw stateDirError(dir, err); // a disk problem, not a bad file
      throw new StateFileError(path, (err as Error).message, { cause: err });
    }
  }

  /** The stored state. */
  load(): DesiredState {
    const { speaker, neighbors, networks, clients } = this.conf.store;
    return speaker ? { speaker, neighbors, networks, clients } : { neighbors, networks, clients };
  }

  /** Replaces the stored state atomically. */
  save(state: DesiredState): void {
    const file: StateFile = { version: STATE_VERSION, ...state };
    if (file.speaker === undefined) delete file.speaker;
    try {
      this.conf.store = file;
    } catch (err) {
      throw stateWriteError(this.path, err);
    }
  }
}

/** Names that would reach Object.prototype if any code looked them up on a plain object. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses, before conf's schema check words it less clearly: unparseable files, unknown versions,
 * prototype names as keys anywhere, and duplicate neighbors, networks or clients (the daemon keys them
 * by address, VNI and VNI+MAC, so a duplicate would silently shadow its twin).
 */
function precheck(path: string): void {
  if (!existsSync(path)) return;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    if (fsErrorCode(err) !== undefined) throw err;
    throw new StateFileError(path, `expected JSON, got a parse error (${(err as Error).message})`, { cause: err });
  }
  const file = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const version = Object.hasOwn(file, 'version') ? file.version : undefined;
  if (version !== STATE_VERSION) {
    throw new StateFileError(path, `expected format version ${STATE_VERSION}, got ${JSON.stringify(version ?? null)}`);
  }
  const bad = prototypeKey(raw, '');
  if (bad !== undefined) throw new StateFileError(path, `expected plain field names, got ${JSON.stringify(bad.key)} at ${bad.at || 'the top level'}`);
  duplicates(path, file.neighbors, 'neighbor', (n) => String(n.address));
  duplicates(path, file.networks, 'network with VNI', (n) => String(n.vni));
  duplicates(path, file.networks, 'network on logical switch', (n) => String(n.logicalSwitch));
  duplicates(path, file.clients, 'client', (c) => `${String(c.mac)} in VNI ${String(c.vni)}`);
}

/** The first prototype name used as a key in `v`, with where it is. */
function prototypeKey(v: unknown, at: string): { key: string; at: string } | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  for (const [key, child] of Object.entries(v)) {
    if (PROTOTYPE_NAMES.has(key)) return { key, at };
    const found = prototypeKey(child, Array.isArray(v) ? `${at}[${key}]` : at === '' ? key : `${at}.${key}`);
    if (found) return found;
  }
  return undefined;
}

function duplicates(path: string, list: unknown, what: string, keyOf: (o: Record<string, unknown>) => string): void {
  if (!Array.isArray(list)) return; // the schema check names that
  const seen = new Set<string>();
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const key = keyOf(item as Record<string, unknown>);
    if (seen.has(key)) throw new StateFileError(path, `expected each ${what} once, got ${key} twice`);
    seen.add(key);
  }
}
