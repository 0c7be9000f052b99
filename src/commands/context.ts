// What every command needs: the global options resolved against the CLI defaults, a way to call the
// daemon, and an Output. Commands stay declarative: parse flags, build a typed request, render the reply.
import { InvalidArgumentError, type Command } from 'commander';
import { EvpnError, ValidationError } from '../core/errors.js';
import { readDefaults, type CliDefaults } from '../core/config/cli-defaults.js';
import { request } from '../core/control/client.js';
import { resolveSocketPath } from '../core/control/socket-path.js';
import type { ReplyMap, Request } from '../core/control/protocol.js';
import { Output, wantColor, type Io } from './output.js';

interface GlobalFlags {
  socket?: string;
  json?: boolean;
  color?: boolean;
  wide?: boolean;
  wait?: boolean;
  timeout?: number;
}

/** The request types that change something: `--wait` applies to them. */
const CHANGE = /\.(add|del|set|reset|clear-duplicate)$/;
/** How long `--wait` waits without --timeout. */
const DEFAULT_WAIT_S = 30;

/** Shared state of one CLI invocation. */
export class CliContext {
  private defaults: CliDefaults | undefined;

  constructor(readonly io: Io) {}

  /** The CLI defaults file, read once. */
  async cliDefaults(): Promise<CliDefaults> {
    this.defaults ??= await readDefaults(this.io.env);
    return this.defaults;
  }

  /** The socket path for this invocation: --socket, EVPNCTL_SOCKET, the defaults file, /run/evpnctl. */
  async socketPath(cmd: Command): Promise<string> {
    const flags = cmd.optsWithGlobals<GlobalFlags>();
    if (flags.socket !== undefined) return flags.socket;
    const d = await this.cliDefaults();
    return resolveSocketPath(undefined, this.io.env, d.socket);
  }

  /** An Output honoring --json, --no-color and the defaults. */
  async output(cmd: Command): Promise<Output> {
    const flags = cmd.optsWithGlobals<GlobalFlags>();
    const d = await this.cliDefaults();
    return new Output(this.io, flags.json ?? d.output === 'json', wantColor(this.io, flags.color, d.color), flags.wide === true);
  }

  /** Sends a request to the daemon; the reply and the Output to print it with. */
  async fetch<R extends Request>(cmd: Command, req: R): Promise<{ data: ReplyMap[R['type']]; out: Output }> {
    const [path, out] = await Promise.all([this.socketPath(cmd), this.output(cmd)]);
    const data = await request(path, req);
    // --wait (ovn-nbctl --wait style): a change returns once it is programmed in OVN and sent to the peers.
    const flags = cmd.optsWithGlobals<GlobalFlags>();
    if (flags.wait === true && CHANGE.test(req.type)) await request(path, { type: 'wait', timeoutMs: (flags.timeout ?? DEFAULT_WAIT_S) * 1000 });
    return { data, out };
  }

  /** Sends a request to the daemon and prints the reply with `human` (or as JSON). */
  async call<R extends Request>(cmd: Command, req: R, human: (o: Output, data: ReplyMap[R['type']]) => string): Promise<void> {
    await this.callData(cmd, req, human);
  }

  /** The same, and returns the reply for a command that acts on it after printing (a warning, an exit code). */
  async callData<R extends Request>(cmd: Command, req: R, human: (o: Output, data: ReplyMap[R['type']]) => string): Promise<ReplyMap[R['type']]> {
    const { data, out } = await this.fetch(cmd, req);
    out.emit(data, () => human(out, data));
    return data;
  }

  /** The exit code of a command that completed but must report a state (e.g. `status` when unhealthy); 0 by default. */
  exitCode = 0;
}

/** Adapts a validator to commander's argParser: a bad value becomes a one-line usage error (exit 2). */
export function arg<T>(parse: (v: unknown, field?: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (err) {
      if (err instanceof ValidationError) throw new InvalidArgumentError(`expected ${err.expected}`);
      if (err instanceof EvpnError) throw new InvalidArgumentError(err.message);
      throw err;
    }
  };
}

/** Collects a repeatable option into a list, validating each value. */
export function argList<T>(parse: (v: unknown, field?: string) => T): (value: string, prev: T[] | undefined) => T[] {
  const one = arg(parse);
  return (value, prev) => [...(prev ?? []), one(value)];
}

/** Formats an "Examples:" help section. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}
