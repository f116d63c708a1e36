/**
 * The synthetic register: the embedded default `RegisterAdapter` (PRODUCT §5). It makes up a
 * deterministic population from a seed — same seed, size and `today` give byte-identical data —
 * with valid PESELs and ID-card check digits, generated portraits and no real person's data.
 * Each person is generated on demand from (seed, index), so only the PESEL and phone indexes are
 * built up front (a few milliseconds per thousand persons). Beyond the adapter interface it
 * offers `person`, `people` and `find` so tests and demos can pick the citizen they need.
 */
import type { Claim, ClaimValue } from '../../../contracts/index.js';
import { normalizePhone } from '../../../contracts/index.js';
import type {
  DocumentAsk,
  RegisterAdapter,
  RegisterDocument,
  RegisterPerson,
} from '../register.js';
import { isIsoDate } from './dates.js';
import { generateIdentity } from './identity-generator.js';
import type { GeneratorContext, SyntheticIdentity } from './identity-generator.js';
import { generatePerson } from './person-generator.js';
import { hashSeed } from './prng.js';
import type { SyntheticDocument, SyntheticPerson } from './synthetic-person.js';
import { deepFreeze } from '../../frozen.js';

/** How many of the latest drawn people are kept (a few MB: portraits are small SVGs). */
const RECENT_PEOPLE = 512;

/** Options of `createSyntheticRegister`. */
export interface SyntheticRegisterOptions {
  /** Seed of every draw. Default `'mdok'`. */
  seed?: number | string;
  /** Number of persons, 0 to 1 000 000. Default 1000. */
  size?: number;
  /**
   * The register's present (`YYYY-MM-DD`): ages, document dates and expiry statuses are counted
   * from it. Default: the current UTC date.
   */
  today?: string;
}

/** The synthetic register: a `RegisterAdapter` plus helpers for tests and demos. */
export interface SyntheticRegister extends RegisterAdapter {
  /** Number of persons. */
  readonly size: number;
  /** The seed, as a string. */
  readonly seed: string;
  /** The register's present, `YYYY-MM-DD`. */
  readonly today: string;
  /**
   * Person `index` (0 ≤ index < size) with all their documents' data, frozen; `RangeError`
   * outside.
   */
  person(index: number): SyntheticPerson;
  /** Every person in index order, generated as the iteration goes. */
  people(): IterableIterator<SyntheticPerson>;
  /** The first person (by index) for whom `predicate` holds, or undefined. */
  find(predicate: (person: SyntheticPerson) => boolean): SyntheticPerson | undefined;
}

/** Largest supported size: beyond it building the indexes takes too long to be useful. */
const maxSize = 1_000_000;
/** Redraws allowed for one person whose PESEL is taken (registers over 5000 only, rarely > 1). */
const maxAttempts = 50;

/** The person as the adapter interface shows them. */
function toRegisterPerson(identity: SyntheticIdentity): RegisterPerson {
  const { pesel, phone, givenNames, familyName } = identity;
  return { pesel, phone, givenNames, familyName };
}

/** The document cut down to exactly the asked claims it has (D2). */
function cutDocument(document: SyntheticDocument, claims: readonly Claim[]): RegisterDocument {
  const source: Readonly<Partial<Record<Claim, ClaimValue>>> = document.claims;
  const cut: Partial<Record<Claim, ClaimValue>> = {};
  for (const claim of claims) {
    const value = source[claim];
    if (value === undefined || !Object.hasOwn(source, claim)) continue;
    cut[claim] = Array.isArray(value) ? [...value] : value;
  }
  return { type: document.type, status: document.status, claims: cut };
}

/** Creates a synthetic register; throws `RangeError` for a bad size or date. */
export function createSyntheticRegister(options: SyntheticRegisterOptions = {}): SyntheticRegister {
  const seed = String(options.seed ?? 'mdok');
  const size = options.size ?? 1000;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (!Number.isInteger(size) || size < 0 || size > maxSize) {
    throw new RangeError(`size must be an integer from 0 to ${maxSize}, got ${size}`);
  }
  const year = Number(today.slice(0, 4));
  if (!isIsoDate(today) || year < 1900 || year > 2199) {
    throw new RangeError(`today must be a YYYY-MM-DD date from 1900 to 2199, got ${today}`);
  }
  const context: GeneratorContext = { seedHash: hashSeed(seed), today };

  const byPesel = new Map<string, number>();
  const byPhone = new Map<string, number>();
  const attempts = new Map<number, number>();
  for (let index = 0; index < size; index++) {
    let attempt = 0;
    let identity = generateIdentity(context, index, attempt);
    while (byPesel.has(identity.pesel)) {
      if (++attempt > maxAttempts) throw new Error(`no free PESEL for person ${index}`);
      identity = generateIdentity(context, index, attempt);
    }
    if (attempt > 0) attempts.set(index, attempt);
    byPesel.set(identity.pesel, index);
    byPhone.set(identity.phone, index);
  }

  const checkIndex = (index: number): void => {
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`no person ${index} in a register of ${size}`);
    }
  };
  const identityOf = (index: number): SyntheticIdentity =>
    generateIdentity(context, index, attempts.get(index) ?? 0);
  // Drawing a person (documents, portrait) costs more than the rest of a delivery's register
  // read; the same few people are read again and again, so the latest ones are kept, frozen.
  const recent = new Map<number, SyntheticPerson>();
  const person = (index: number): SyntheticPerson => {
    checkIndex(index);
    const kept = recent.get(index);
    if (kept !== undefined) return kept;
    const drawn = deepFreeze(generatePerson(context, index, attempts.get(index) ?? 0));
    if (recent.size >= RECENT_PEOPLE) recent.delete(recent.keys().next().value!);
    recent.set(index, drawn);
    return drawn;
  };
  function* people(): IterableIterator<SyntheticPerson> {
    for (let index = 0; index < size; index++) yield person(index);
  }

  return {
    size,
    seed,
    today,
    person,
    people,
    find(predicate) {
      for (const candidate of people()) if (predicate(candidate)) return candidate;
      return undefined;
    },
    async findPerson(query) {
      const index =
        'pesel' in query ? byPesel.get(query.pesel) : byPhone.get(normalizePhone(query.phone));
      return index === undefined ? null : toRegisterPerson(identityOf(index));
    },
    async readDocuments(pesel: string, ask: readonly DocumentAsk[]) {
      const index = byPesel.get(pesel);
      if (index === undefined) return [];
      const { documents } = person(index);
      const answer: RegisterDocument[] = [];
      for (const { type, claims } of ask) {
        const document = documents[type];
        if (document !== undefined) answer.push(cutDocument(document, claims));
      }
      return answer;
    },
    async sample(limit) {
      const count = Math.max(0, Math.min(size, Math.floor(limit) || 0));
      return Array.from({ length: count }, (_, index) => toRegisterPerson(identityOf(index)));
    },
  };
}
