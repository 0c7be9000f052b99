// The peer matrix's result table: one row per peer, one column per session kind (iBGP/eBGP over IPv4/IPv6),
// each cell pass/FAIL with the time to Established, as markdown (for people) and JSON (for scripts).
// No cell is impossible: os-ken 2.5 peers over IPv6 and eBGP too (its VRF import RTs are configured, as it has
// no automatic RTs), so there is no n/a.

/** The session kinds, in column order. */
export const SESSION_KINDS = [
  { session: 'iBGP', transport: 'ipv4' },
  { session: 'iBGP', transport: 'ipv6' },
  { session: 'eBGP', transport: 'ipv4' },
  { session: 'eBGP', transport: 'ipv6' },
] as const;

export type SessionKind = (typeof SESSION_KINDS)[number];

/** What one cell of the matrix did. */
export interface CellResult {
  peer: string;
  session: SessionKind['session'];
  transport: SessionKind['transport'];
  result: 'pass' | 'fail';
  /** From the second side's configuration (the peer's) to our side showing Established; null when it never did. */
  establishedMs: number | null;
  /** The step that failed. */
  failedStep: string | null;
  error: string | null;
  durationMs: number;
}

/** The column title of a session kind. */
export const columnOf = (k: Pick<CellResult, 'session' | 'transport'>): string => `${k.session} ${k.transport === 'ipv4' ? 'IPv4' : 'IPv6'}`;

function cellText(c: CellResult | undefined): string {
  if (!c) return 'not run';
  const up = c.establishedMs === null ? 'never Established' : `Established in ${(c.establishedMs / 1000).toFixed(1)} s`;
  return c.result === 'pass' ? `pass (${up})` : `**FAIL** at ${c.failedStep ?? '?'} (${up})`;
}

/** The markdown table and, below it, the error of every failed cell. */
export function renderMatrixMarkdown(peers: readonly string[], cells: readonly CellResult[], meta: { date: string; totalMs: number }): string {
  const find = (peer: string, k: SessionKind) => cells.find((c) => c.peer === peer && c.session === k.session && c.transport === k.transport);
  const passed = cells.filter((c) => c.result === 'pass').length;
  const failed = cells.filter((c) => c.result === 'fail');
  const lines = [
    '# Peer matrix',
    '',
    `${meta.date}: ${passed} passed, ${failed.length} failed, in ${(meta.totalMs / 1000).toFixed(0)} s.`,
    'Each cell: session up, type 2 and type 3 both ways (imported into VNI 10 on both sides), then withdraws of type 2 and type 3 both ways.',
    'Time to Established: from the moment the second side is configured (our side first; then the peer started,',
    "or the evpnctl peer's `neighbor add`) until our `neighbor show` says established.",
    '',
    `| peer | ${SESSION_KINDS.map(columnOf).join(' | ')} |`,
    `| --- | ${SESSION_KINDS.map(() => '---').join(' | ')} |`,
    ...peers.map((p) => `| ${p} | ${SESSION_KINDS.map((k) => cellText(find(p, k))).join(' | ')} |`),
  ];
  if (failed.length > 0) {
    lines.push('', '## Failures', '');
    for (const c of failed) lines.push(`- ${c.peer}, ${columnOf(c)}, at "${c.failedStep ?? '?'}": ${(c.error ?? '').replace(/\s+/g, ' ').slice(0, 600)}`);
  }
  return `${lines.join('\n')}\n`;
}
