/**
 * What the document builders know about the person a document is made for: their identity, their
 * portrait (shared by all their photo documents) and the register's `today`.
 */
import type { SyntheticIdentity } from './identity-generator.js';

/** The person a document is made for. */
export interface Holder {
  identity: SyntheticIdentity;
  /** Portrait data URI, the same on every document. */
  photo: string;
  /** The register's present, `YYYY-MM-DD`. */
  today: string;
}
