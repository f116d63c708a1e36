/**
 * The register adapter: how the hub reads identity data from state registers (PRODUCT §5, D2).
 * The embedded default is the synthetic register beside this file; a real deployment puts an
 * HTTP client for the registers behind the same interface.
 */
import type { Claim, ClaimValue, DocumentStatus, DocumentType } from '../../contracts/index.js';

/** A person as the register knows them: enough to address and to greet, nothing more. */
export interface RegisterPerson {
  /** PESEL, 11 digits with a valid check digit. */
  pesel: string;
  /** Contact phone in E.164 (`+48…`), where SMS codes go (F3). */
  phone: string;
  /** Given names, space separated. */
  givenNames: string;
  /** Family name. */
  familyName: string;
}

/** What the hub asks of one document: its status always, plus these source claims. */
export interface DocumentAsk {
  type: DocumentType;
  /** Source claims only (never `age_over_18` or `document_valid`, which the hub derives). */
  claims: readonly Claim[];
}

/** One document as read from the register. */
export interface RegisterDocument {
  type: DocumentType;
  /** Status at the time of reading. */
  status: Exclude<DocumentStatus, 'missing'>;
  /** Exactly the asked claims that this document has (D2: nothing else leaves the adapter). */
  claims: Partial<Record<Claim, ClaimValue>>;
}

/** Thrown when a register cannot be reached or answers garbage; the hub answers `register_unavailable`. */
export class RegisterUnavailableError extends Error {
  override readonly name = 'RegisterUnavailableError';
}

/** Read access to the state registers. */
export interface RegisterAdapter {
  /** Finds a person by PESEL or by contact phone (E.164); null when there is none. */
  findPerson(query: { pesel: string } | { phone: string }): Promise<RegisterPerson | null>;
  /**
   * Reads the asked documents of a person. Documents the person does not hold are left out of
   * the answer. Throws `RegisterUnavailableError` when the register is down.
   */
  readDocuments(pesel: string, ask: readonly DocumentAsk[]): Promise<RegisterDocument[]>;
  /** A few identities for dev mode's login picker (`GET /v1/dev/citizens`), stable across calls. */
  sample(limit: number): Promise<RegisterPerson[]>;
}
