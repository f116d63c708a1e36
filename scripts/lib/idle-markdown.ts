/**
 * The idle-sockets part of `npm run bench`'s report: RSS and live memory per held citizen socket
 * on the hub and the baseline at each step, and whether a verification still went through.
 */
import type { ServerFigures } from './bench-figures.js';
import { fixed, grouped, markdownTable, times } from './markdown.js';

/** The idle sockets of both servers as a table and a paragraph. */
export function idleMarkdown(
  hub: Pick<ServerFigures, 'idle'>,
  baseline: Pick<ServerFigures, 'idle'>,
): string {
  if (!hub.idle || !baseline.idle) return 'Not measured.';
  const rows = hub.idle.steps.map((h) => {
    const b = baseline.idle!.steps.find((s) => s.sockets === h.sockets);
    const kib = (x: number | undefined) => (x === undefined ? '—' : fixed(x, 2));
    return [
      grouped(h.sockets),
      `**${kib(h.perSocketKiB)}** / ${kib(b?.perSocketKiB)}`,
      times(h.perSocketKiB / (b?.perSocketKiB ?? Number.NaN)),
      `${kib(h.livePerSocketKiB)} / ${kib(b?.livePerSocketKiB)}`,
      `${grouped(h.rssKiB / 1024)} / ${b ? grouped(b.rssKiB / 1024) : '—'}`,
      `${fixed(h.handshakeCpuMs, 2)} / ${b ? fixed(b.handshakeCpuMs, 2) : '—'}`,
    ];
  });
  const proof = (f: Pick<ServerFigures, 'idle'>) =>
    f.idle!.proof.ok
      ? `delivered in ${fixed(f.idle!.proof.timing.whole)} ms`
      : `FAILED: ${f.idle!.proof.error}`;
  return [
    markdownTable(
      [
        'sockets held',
        'RSS growth per socket, KiB: hub / baseline',
        'hub/baseline',
        'live heap + external per socket, KiB',
        'RSS, MiB',
        'handshake CPU, ms',
      ],
      rows,
      ['r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    'Each figure is read once every socket held has answered one heartbeat (the ping every 25 s; ' +
      "until then `ws` still holds the client's CONNECT frame), after full garbage collections in " +
      'every thread of the server (through its inspector), once RSS stopped moving. RSS before ' +
      'the first socket: hub ' +
      `${grouped(hub.idle.rssBeforeKiB / 1024)} MiB, baseline ` +
      `${grouped(baseline.idle.rssBeforeKiB / 1024)} MiB. One verification through a held socket ` +
      `afterwards: hub ${proof(hub)}; baseline ${proof(baseline)}. Source addresses: ` +
      `${hub.idle.sourceAddresses}.`,
  ].join('\n');
}
