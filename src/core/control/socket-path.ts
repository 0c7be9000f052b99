// Where the control socket lives: --socket, then EVPNCTL_SOCKET, then the CLI defaults file, then /run/evpnctl.
export const DEFAULT_SOCKET = '/run/evpnctl/evpnctl.sock';

/** The socket path from the explicit option, the environment or the given default, in that order. */
export function resolveSocketPath(explicit: string | undefined, env: NodeJS.ProcessEnv, fallback = DEFAULT_SOCKET): string {
  return explicit ?? (env.EVPNCTL_SOCKET || undefined) ?? fallback;
}
