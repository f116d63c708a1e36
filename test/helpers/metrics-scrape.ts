/**
 * Reading `GET /metrics` in tests: one scrape over HTTP, and its samples parsed from the text
 * exposition format (`name{label="value",…} number`), to look series up by name and labels; and
 * the personal data, ids and tokens a test run used, to look for in a scrape.
 */
import type { SessionData } from '../../contracts/index.js';

/** One sample line of a scrape. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A scrape: the raw text (for greps) and its samples. */
export interface Scrape {
  status: number;
  contentType: string | null;
  text: string;
  samples: Sample[];
  /**
   * The value of the one sample named `name` whose labels include `labels`; 0 when there is
   * none; throws when several match (the labels given do not pin one series down).
   */
  value(name: string, labels?: Record<string, string>): number;
  /** The sum of every sample named `name` whose labels include `labels`. */
  sum(name: string, labels?: Record<string, string>): number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the sample lines of a text exposition (comments and blank lines skipped). */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(LABEL)) labels[name!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Scrapes `url` + `/metrics`, with `token` as the bearer token if given. */
export async function scrapeMetrics(url: string, token?: string): Promise<Scrape> {
  const res = await fetch(`${url}/metrics`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  const samples = res.status === 200 ? parseSamples(text) : [];
  const matching = (name: string, labels: Record<string, string>) =>
    samples.filter(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    text,
    samples,
    value(name, labels = {}) {
      const found = matching(name, labels);
      if (found.length > 1) {
        throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
      }
      return found[0]?.value ?? 0;
    },
    sum: (name, labels = {}) => matching(name, labels).reduce((total, s) => total + s.value, 0),
  };
}

/** What a run used that must never show in a scrape: personal data, ids, tokens. */
export interface Secrets {
  readonly values: ReadonlySet<string>;
  /** Remembers strings, and each word of multi-word names (shorter than 3 characters: none). */
  add(...values: Array<string | undefined>): void;
  /** A person's PESEL, phone number (E.164 and the national nine digits) and names. */
  addPerson(person: { pesel: string; phone: string; givenNames: string; familyName: string }): void;
  /** What a delivered presentation carried: the session id, the JWS and every claim value. */
  addData(data: SessionData): void;
  /** The remembered strings that occur in `text`. */
  foundIn(text: string): string[];
}

/** An empty collection of secrets. */
export function collectSecrets(): Secrets {
  const values = new Set<string>();
  const secrets: Secrets = {
    values,
    add(...strings) {
      for (const value of strings) {
        if (value === undefined || value.length < 3) continue;
        values.add(value);
        for (const word of value.split(' ')) if (word.length >= 3) values.add(word);
      }
    },
    addPerson: (p) => secrets.add(p.pesel, p.phone, p.phone.slice(3), p.givenNames, p.familyName),
    addData(data) {
      secrets.add(data.sessionId, data.presentation);
      for (const claims of Object.values(data.claims)) {
        for (const [name, value] of Object.entries(claims)) {
          if (name !== 'status' && typeof value === 'string') secrets.add(value);
        }
      }
    },
    foundIn: (text) => [...values].filter((value) => text.includes(value)),
  };
  return secrets;
}
