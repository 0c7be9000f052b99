// Persistence of the desired state in <state-dir>/state.json through conf, which validates against the
// JSON schema and writes atomically (temp file + rename), so a SIGKILL leaves the old or the new file,
// never a torn one. A corrupt or unknown-version file stops the daemon and is left untouched.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { EvpnError } from '../errors.js';
import type { DesiredState } from '../model/config.js';
import { STATE_VERSION, stateSchema } from './state-schema.js';

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
    precheckVersion(path);
    try {
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
    this.conf.store = file;
  }
}

/** Refuses files whose version we don't know before conf's schema check words it less clearly. */
function precheckVersion(path: string): void {
  if (!existsSync(path)) return;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new StateFileError(path, `expected JSON, got a parse error (${(err as Error).message})`, { cause: err });
  }
  const version = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).version : undefined;
  if (version !== STATE_VERSION) {
    throw new StateFileError(path, `expected format version ${STATE_VERSION}, got ${JSON.stringify(version ?? null)}`);
  }
}
