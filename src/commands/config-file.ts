// The running config as evpnctl commands, and back: `config show` prints the desired state as the `add`
// commands that rebuild it (defaults left out, so they keep following the speaker), `config apply`
// parses such a file with the CLI's own command tree (same flags, same validation) and diffs it
// against the running config, object by object (speaker; neighbor by address; network by VNI; client
// by VNI and MAC).
import { CommanderError, type Command } from 'commander';
import { NEIGHBOR_SETTABLE, NETWORK_SETTABLE, SPEAKER_SETTABLE, clientSpec, neighborConfig, networkSpec, speakerConfig } from '../core/api/inputs.js';
import type { Request } from '../core/control/protocol.js';
import { EvpnError, ValidationError } from '../core/errors.js';
import { DEFAULT_BGP_PORT, DEFAULT_HOLD_TIME, type ClientConfig, type NeighborConfig, type SpeakerConfig } from '../core/model/config.js';
import type { ConfigView } from '../core/model/views.js';
import { CliContext } from './context.js';

type NetworkSpec = ConfigView['networks'][number];

/** One line of a config: `evpnctl <noun> add ...`, as argv words. */
export type CommandWords = string[];

const opt = (flag: string, v: string | number | undefined): string[] => (v === undefined ? [] : [flag, String(v)]);

export function speakerCommand(s: SpeakerConfig): CommandWords {
  return ['speaker', 'add', '--as', String(s.asn), '--router-id', s.routerId, ...opt('--vtep-ip', s.vtepIp), ...opt('--vtep-ip6', s.vtepIp6),
    ...opt('--listen-address', s.listenAddress), ...opt('--listen-port', s.listenPort === DEFAULT_BGP_PORT ? undefined : s.listenPort)];
}

export function neighborCommand(n: NeighborConfig): CommandWords {
  return ['neighbor', 'add', n.address, '--remote-as', String(n.remoteAs), ...opt('--local-address', n.localAddress),
    ...opt('--port', n.port === DEFAULT_BGP_PORT ? undefined : n.port), ...(n.passive ? ['--passive'] : []),
    ...opt('--hold-time', n.holdTime === DEFAULT_HOLD_TIME ? undefined : n.holdTime), ...opt('--ebgp-multihop', n.ebgpMultihop)];
}

export function networkCommand(n: NetworkSpec): CommandWords {
  return ['network', 'add', '--vni', String(n.vni), ...(n.networkId !== undefined ? ['--network-id', n.networkId] : ['--logical-switch', n.logicalSwitch]),
    ...opt('--rd', n.rd), ...n.importRts.flatMap((rt) => ['--import-rt', rt]), ...n.exportRts.flatMap((rt) => ['--export-rt', rt]),
    ...(n.floodUnknown ? [] : ['--no-flood-unknown'])];
}

export function clientCommand(c: ClientConfig): CommandWords {
  return ['client', 'add', '--vni', String(c.vni), '--port', c.port, '--mac', c.mac, ...opt('--ip', c.ip)];
}

/** Every object of `cfg` as its `add` command, in the order that rebuilds it. */
export function configCommands(cfg: ConfigView): CommandWords[] {
  return [
    ...(cfg.speaker ? [speakerCommand(cfg.speaker)] : []), ...cfg.neighbors.map(neighborCommand), ...cfg.networks.map(networkCommand),
    ...cfg.clients.map(clientCommand),
  ];
}

/** Quotes a word for sh only when it needs it (names never hold spaces or quotes; be safe anyway). */
const shellWord = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);
export const commandLine = (words: CommandWords): string => ['evpnctl', ...words].map(shellWord).join(' ');

/** Splits one config line into words: blanks separate, '…' and "…" quote, # starts a comment. */
export function splitWords(line: string, where: string): string[] {
  const words: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '#' && cur === null) break;
    if (/\s/.test(ch)) {
      if (cur !== null) words.push(cur);
      cur = null;
    } else if (ch === "'" || ch === '"') {
      const end = line.indexOf(ch, i + 1);
      if (end < 0) throw new ValidationError(where, line, `a closing ${ch}`, `${where}: unterminated ${ch} quote`);
      cur = (cur ?? '') + line.slice(i + 1, end);
      i = end;
    } else {
      cur = (cur ?? '') + ch;
    }
  }
  if (cur !== null) words.push(cur);
  return words;
}

/** A CliContext that records the request a command would send instead of sending it. */
class CaptureContext extends CliContext {
  captured: Request | undefined;
  override async call<R extends Request>(_cmd: Command, req: R): Promise<void> {
    this.captured = req;
  }
}

/**
 * Parses a config file (evpnctl add commands, one per line; `\` continues a line) with the CLI's own
 * command tree. `build` is buildProgram (passed in: program.ts registers the config command itself).
 */
export async function parseConfig(text: string, file: string, build: (ctx: CliContext) => Command): Promise<ConfigView> {
  const cfg: ConfigView = { speaker: null, neighbors: [], networks: [], clients: [] };
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const [i, line] of lines.entries()) {
    const where = `${file}:${i + 1}`;
    const words = splitWords(line, where);
    if (words.length === 0) continue;
    if (words[0] === 'evpnctl') words.shift();
    if (words[1] !== 'add' || !['speaker', 'neighbor', 'network', 'client'].includes(words[0] ?? '')) {
      throw new ValidationError(where, line.trim(), 'an `evpnctl speaker|neighbor|network|client add ...` command', `${where}: expected an \`evpnctl speaker|neighbor|network|client add ...\` command, got \`${line.trim()}\``);
    }
    let errors = '';
    const ctx = new CaptureContext({ stdout: () => {}, stderr: (s) => (errors += s), env: {}, isTTY: false });
    try {
      await build(ctx).parseAsync(['node', 'evpnctl', ...words]);
    } catch (err) {
      if (err instanceof CommanderError || err instanceof EvpnError) {
        const why = errors.split('\n')[0]?.replace(/^evpnctl: /, '') || (err as Error).message;
        throw new ValidationError(where, line.trim(), 'a valid command', `${where}: ${why}`);
      }
      throw err;
    }
    const req = ctx.captured;
    if (req === undefined) throw new ValidationError(where, line.trim(), 'a command', `${where}: nothing to apply in \`${line.trim()}\``);
    add(cfg, req, where);
  }
  for (const c of cfg.clients) {
    if (!cfg.networks.some((n) => n.vni === c.vni)) throw new ValidationError(file, c.vni, 'a network for every client', `${file}: client ${c.mac} is in VNI ${c.vni}, which the file does not add`);
  }
  return cfg;
}

function add(cfg: ConfigView, req: Request, where: string): void {
  const dup = (what: string) => new ValidationError(where, what, 'each object once', `${where}: ${what} is added twice`);
  switch (req.type) {
    case 'speaker.add':
      if (cfg.speaker !== null) throw dup('the speaker');
      cfg.speaker = speakerConfig(req.input);
      return;
    case 'neighbor.add': {
      const n = neighborConfig(req.input);
      if (cfg.neighbors.some((x) => x.address === n.address)) throw dup(`neighbor ${n.address}`);
      cfg.neighbors.push(n);
      return;
    }
    case 'network.add': {
      const n = networkSpec(req.input);
      if (cfg.networks.some((x) => x.vni === n.vni)) throw dup(`VNI ${n.vni}`);
      cfg.networks.push(n);
      return;
    }
    case 'client.add': {
      const c = clientSpec(req.input);
      // The MAC is the client's key: without it the daemon reads it from OVN, which a file cannot diff.
      if (c.mac === undefined) throw new ValidationError(where, c.port, '--mac', `${where}: a client in a config file needs --mac (its key)`);
      if (cfg.clients.some((x) => x.vni === c.vni && x.mac === c.mac)) throw dup(`client ${c.mac} in VNI ${c.vni}`);
      cfg.clients.push({ vni: c.vni, mac: c.mac, port: c.port, ...(c.ip !== undefined && { ip: c.ip }) });
      return;
    }
    default:
      throw new ValidationError(where, req.type, 'an add command', `${where}: expected an add command, got ${req.type}`);
  }
}

/** One difference between the running config and the file. */
export interface ConfigChange {
  /** add: in the file only; del: running only; set: both, with other settings (changed in place by `set`). */
  op: 'add' | 'del' | 'set';
  object: 'speaker' | 'neighbor' | 'network' | 'client';
  key: string;
  /** The command that makes the change (add/del); for set, the file's add command. */
  command: CommandWords;
  /**
   * The control request that makes it: add/del, and the `set` request when every changed setting can be
   * changed in place; none for a set that would need del + add (a client's port, a network's switch).
   */
  request?: Request;
  /** set: the settings that differ, "name: running -> file". */
  fields?: string[];
  /** set: the settings that differ, by name (what the `set` request carries). */
  changed?: string[];
}

/** What `<object> set` can change in place; the rest of an object is its identity (del + add). */
const SETTABLE: Partial<Record<ConfigChange['object'], readonly string[]>> = {
  speaker: SPEAKER_SETTABLE, neighbor: NEIGHBOR_SETTABLE, network: NETWORK_SETTABLE,
};

/**
 * The `set` request that turns `old` into `want`, or undefined when a changed setting cannot be changed in
 * place. A setting the file leaves out goes back to its default (null in a set input); a speaker set carries
 * `yes: false`: the caller confirms identity changes (AS, router id, VTEP), which reset every session.
 */
function setRequest(object: ConfigChange['object'], key: string, changed: readonly string[], want: Record<string, unknown>): Request | undefined {
  const allowed = SETTABLE[object];
  if (allowed === undefined || changed.some((k) => !allowed.includes(k))) return undefined;
  const input = Object.fromEntries(changed.map((k) => [k, want[k] ?? null]));
  switch (object) {
    case 'speaker': return { type: 'speaker.set', input, yes: false };
    case 'neighbor': return { type: 'neighbor.set', address: key, input, reset: false };
    case 'network': return { type: 'network.set', vni: Number(key), input };
    default: return undefined;
  }
}

/** The add request of an object: its config is the API's input (a network by id or by switch, not both). */
const addRequest = (object: ConfigChange['object'], t: object): Request => {
  const input = object === 'network' && 'networkId' in t && t.networkId !== undefined ? { ...t, logicalSwitch: undefined } : t;
  return { type: `${object}.add`, input, mayExist: false } as Request;
};

const norm = (o: object): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));

/** A `set` change from `old` to `want`, or none when they are the same. */
function setChange(object: ConfigChange['object'], key: string, command: CommandWords, old: object, want: object): ConfigChange[] {
  const x = norm(old), y = norm(want);
  const changed = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort().filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]));
  if (changed.length === 0) return [];
  const fields = changed.map((k) => `${k}: ${JSON.stringify(x[k] ?? null)} -> ${JSON.stringify(y[k] ?? null)}`);
  const request = setRequest(object, key, changed, y);
  return [{ op: 'set', object, key, command, fields, changed, ...(request !== undefined && { request }) }];
}

function diffList<T extends object>(
  object: ConfigChange['object'], running: T[], wanted: T[], key: (t: T) => string, addCmd: (t: T) => CommandWords, delCmd: (t: T) => CommandWords,
  delReq: (t: T) => Request,
): ConfigChange[] {
  const out: ConfigChange[] = [];
  const have = new Map(running.map((t) => [key(t), t]));
  const want = new Map(wanted.map((t) => [key(t), t]));
  for (const [k, t] of have) if (!want.has(k)) out.push({ op: 'del', object, key: k, command: delCmd(t), request: delReq(t) });
  for (const [k, t] of want) {
    const old = have.get(k);
    if (old === undefined) out.push({ op: 'add', object, key: k, command: addCmd(t), request: addRequest(object, t) });
    else out.push(...setChange(object, k, addCmd(t), old, t));
  }
  return out;
}

/**
 * What turns `running` into `wanted`, in the order to apply it: deletions (clients, networks, neighbors)
 * before additions and in-place changes (speaker, neighbors, networks, clients).
 */
export function diffConfig(running: ConfigView, wanted: ConfigView): ConfigChange[] {
  const speaker: ConfigChange[] = [];
  if (running.speaker && !wanted.speaker) speaker.push({ op: 'del', object: 'speaker', key: 'speaker', command: ['speaker', 'del'] });
  if (!running.speaker && wanted.speaker) speaker.push({ op: 'add', object: 'speaker', key: 'speaker', command: speakerCommand(wanted.speaker), request: addRequest('speaker', wanted.speaker) });
  if (running.speaker && wanted.speaker) speaker.push(...setChange('speaker', 'speaker', speakerCommand(wanted.speaker), running.speaker, wanted.speaker));
  const neighbors = diffList('neighbor', running.neighbors, wanted.neighbors, (n) => n.address, neighborCommand, (n) => ['neighbor', 'del', n.address],
    (n) => ({ type: 'neighbor.del', address: n.address, ifExists: false }));
  const networks = diffList('network', running.networks, wanted.networks, (n) => String(n.vni), networkCommand, (n) => ['network', 'del', String(n.vni)],
    (n) => ({ type: 'network.del', vni: n.vni, ifExists: false }));
  const clients = diffList('client', running.clients, wanted.clients, (c) => `${c.vni} ${c.mac}`, clientCommand,
    (c) => ['client', 'del', '--vni', String(c.vni), '--mac', c.mac], (c) => ({ type: 'client.del', vni: c.vni, mac: c.mac, ifExists: false }));
  const all = [...speaker, ...neighbors, ...networks, ...clients];
  const dels = all.filter((c) => c.op === 'del');
  const order: ConfigChange['object'][] = ['client', 'network', 'neighbor', 'speaker'];
  dels.sort((a, b) => order.indexOf(a.object) - order.indexOf(b.object));
  return [...dels, ...all.filter((c) => c.op !== 'del')];
}
