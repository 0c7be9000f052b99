// The CLI's own defaults (socket path, output format, color), kept with conf in
// $EVPNCTL_CONFIG_DIR or $XDG_CONFIG_HOME/evpnctl (~/.config/evpnctl). conf (and its JSON-schema
// validator) is loaded only when the file exists, so a plain `evpnctl status` stays fast.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EvpnError, ValidationError } from '../errors.js';

export interface CliDefaults {
  socket?: string;
  output?: 'table' | 'json';
  color?: 'auto' | 'always' | 'never';
}

export const DEFAULT_KEYS = ['socket', 'output', 'color'] as const;
export type DefaultKey = (typeof DEFAULT_KEYS)[number];

const schema = {
  socket: { type: 'string', minLength: 1 },
  output: { enum: ['table', 'json'] },
  color: { enum: ['auto', 'always', 'never'] },
} as const;

/** Directory of the defaults file. */
export function defaultsDir(env: NodeJS.ProcessEnv): string {
  return env.EVPNCTL_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'evpnctl');
}

async function openConf(env: NodeJS.ProcessEnv) {
  const { default: Conf } = await import('conf');
  try {
    return new Conf<CliDefaults>({
      cwd: defaultsDir(env), configName: 'config', projectName: 'evpnctl', schema: schema as never,
      rootSchema: { additionalProperties: false }, clearInvalidConfig: false, accessPropertiesByDotNotation: false,
    });
  } catch (err) {
    throw new EvpnError('error', `CLI defaults file ${join(defaultsDir(env), 'config.json')} is unusable: ${(err as Error).message}`, { cause: err });
  }
}

/** Reads the defaults; {} when no file exists (without loading conf). */
export async function readDefaults(env: NodeJS.ProcessEnv): Promise<CliDefaults> {
  if (!existsSync(join(defaultsDir(env), 'config.json'))) return {};
  return (await openConf(env)).store;
}

/** Validates and stores one default. */
export async function setDefault(env: NodeJS.ProcessEnv, key: string, value: string): Promise<CliDefaults> {
  if (!(DEFAULT_KEYS as readonly string[]).includes(key)) throw new ValidationError('key', key, `one of ${DEFAULT_KEYS.join(', ')}`);
  const allowed: Record<string, readonly string[] | undefined> = { output: ['table', 'json'], color: ['auto', 'always', 'never'] };
  const choices = allowed[key];
  if (choices && !choices.includes(value)) throw new ValidationError(key, value, `one of ${choices.join(', ')}`);
  if (value.length === 0) throw new ValidationError(key, value, 'a non-empty value');
  const conf = await openConf(env);
  conf.set(key as DefaultKey, value as never);
  return conf.store;
}

/** Removes one default (or all with key undefined). */
export async function unsetDefault(env: NodeJS.ProcessEnv, key?: string): Promise<CliDefaults> {
  if (key !== undefined && !(DEFAULT_KEYS as readonly string[]).includes(key)) throw new ValidationError('key', key, `one of ${DEFAULT_KEYS.join(', ')}`);
  if (!existsSync(join(defaultsDir(env), 'config.json'))) return {};
  const conf = await openConf(env);
  if (key === undefined) conf.clear();
  else conf.delete(key as DefaultKey);
  return conf.store;
}
