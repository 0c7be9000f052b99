// What a shell may offer as the value of a flag or positional argument: fixed words (choices), file
// names, or values the daemon knows (VNIs, neighbors, MACs), fetched by `evpnctl __complete KIND` when
// the daemon answers and left out when it does not.
import type { Command } from 'commander';
import { DEFAULT_KEYS } from '../core/config/cli-defaults.js';
import { LOG_LEVELS } from '../core/model/validate.js';

export const DYNAMIC_KINDS = ['vni', 'neighbor', 'mac'] as const;
export type DynamicKind = (typeof DYNAMIC_KINDS)[number];

export interface ValueSpec {
  words?: readonly string[];
  dynamic?: DynamicKind;
  files?: boolean;
}

/** Flag values by flag name: a flag means the same everywhere in the tree (--vni is always a VNI). */
const FLAGS: Record<string, ValueSpec> = {
  '--socket': { files: true },
  '--state-dir': { files: true },
  '--rest-token-file': { files: true },
  '--log-level': { words: LOG_LEVELS },
  '--type': { words: ['1', '2', '3', '4', '5'] },
  '--vni': { dynamic: 'vni' },
  '--neighbor': { words: ['local'], dynamic: 'neighbor' },
  '--mac': { dynamic: 'mac' },
};

/** The first positional argument of a command, by command path. */
const ARGS: Record<string, ValueSpec> = {
  'neighbor show': { dynamic: 'neighbor' },
  'neighbor del': { dynamic: 'neighbor' },
  'network show': { dynamic: 'vni' },
  'network del': { dynamic: 'vni' },
  'route show': { dynamic: 'mac' },
  'defaults set': { words: DEFAULT_KEYS },
  'defaults unset': { words: DEFAULT_KEYS },
};

/** The second positional argument, by command path and the first one (`defaults set output <TAB>`). */
export const SECOND_ARGS: Record<string, Record<string, readonly string[]>> = {
  // The values setDefault accepts (cli-defaults.ts); socket takes a path.
  'defaults set': { output: ['table', 'json'], color: ['auto', 'always', 'never'] },
};

/** The values of flag `long` on `cmd`: its commander choices, else the table above. */
export function flagValues(cmd: Command, long: string): ValueSpec | undefined {
  const choices = cmd.options.find((o) => o.long === long)?.argChoices;
  return choices ? { words: choices } : FLAGS[long];
}

/** The values of the first positional argument of the command at `path` (without the program name). */
export function argValues(cmd: Command, path: string): ValueSpec | undefined {
  const choices = cmd.registeredArguments[0]?.argChoices;
  return choices ? { words: choices } : ARGS[path];
}
