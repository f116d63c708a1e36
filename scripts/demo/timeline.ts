/**
 * The demo's output: a timeline with one line per event — `+1.234s  [actor]  what happened` —
 * plus indented detail lines, section headers with a one-sentence explanation, and plain ANSI
 * colours when asked for (the entry point asks when stdout is a TTY).
 */

const ansi = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  magenta: '\x1b[35m',
  cyan: '\x1b[36m',
} as const;

/** A colour of the timeline. */
export type Colour = Exclude<keyof typeof ansi, 'reset' | 'bold' | 'dim'>;

/** Someone who acts in the story: a label and the colour of their lines. */
export interface Actor {
  label: string;
  colour: Colour;
}

/** The fixed actors; citizens get theirs from `citizenActor`. */
export const actors = {
  hub: { label: 'hub', colour: 'magenta' },
  admin: { label: 'administrator', colour: 'magenta' },
  bank: { label: 'bank backend', colour: 'blue' },
  bankWidget: { label: 'clerk widget (bank)', colour: 'cyan' },
  office: { label: 'office backend', colour: 'blue' },
  officeWidget: { label: 'clerk widget (office)', colour: 'cyan' },
  post: { label: 'post backend', colour: 'blue' },
  postWidget: { label: 'clerk widget (post)', colour: 'cyan' },
  police: { label: 'police backend', colour: 'blue' },
  policeWidget: { label: 'officer widget', colour: 'cyan' },
  sms: { label: 'SMS gateway', colour: 'yellow' },
} as const satisfies Record<string, Actor>;

/** A citizen as an actor: `citizen phone (Anna K.)`, or another `role` in place of the phone. */
export function citizenActor(shortName: string, role = 'citizen phone'): Actor {
  return { label: `${role} (${shortName})`, colour: 'green' };
}

const ACTOR_WIDTH = 32;
const STAMP_WIDTH = 8;

/** Writes the timeline. */
export interface Timeline {
  /** One event: `+1.234s  [actor]  text`, then `details` indented under the text. */
  say(actor: Actor, text: string, details?: readonly string[]): void;
  /** A section header and its one-sentence explanation. */
  section(title: string, explanation: string): void;
  /** A free line of narration (no time, no actor). */
  note(text: string): void;
  /** Text in a colour, or plain when colours are off. */
  paint(text: string, colour: Colour | 'bold' | 'dim'): string;
  /** Seconds since the timeline started. */
  elapsed(): number;
}

/** A timeline writing through `write`, one line per call. */
export function createTimeline(write: (line: string) => void, colour: boolean): Timeline {
  const start = performance.now();
  const paint: Timeline['paint'] = (text, c) => (colour ? `${ansi[c]}${text}${ansi.reset}` : text);
  const elapsed = () => (performance.now() - start) / 1000;
  const indent = ' '.repeat(STAMP_WIDTH + 2 + ACTOR_WIDTH + 2);
  return {
    say(actor, text, details = []) {
      const stamp = `+${elapsed().toFixed(3)}s`.padStart(STAMP_WIDTH);
      const label = `[${actor.label}]`.padEnd(ACTOR_WIDTH);
      write(`${paint(stamp, 'dim')}  ${paint(label, actor.colour)}  ${text}`);
      for (const line of details) write(`${indent}${paint('·', 'dim')} ${line}`);
    },
    section(title, explanation) {
      write('');
      write(paint(`━━ ${title} ${'━'.repeat(Math.max(3, 96 - title.length))}`, 'bold'));
      for (const line of wrapText(explanation, 96)) write(paint(`   ${line}`, 'dim'));
    },
    note(text) {
      write(text);
    },
    paint,
    elapsed,
  };
}

/** Wraps a comma-separated list into lines of at most `width` characters. */
export function wrapList(items: readonly string[], width = 90): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (line && next.length > width) {
      lines.push(`${line},`);
      line = item;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Wraps prose at spaces into lines of at most `width` characters. */
export function wrapText(text: string, width = 90): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
