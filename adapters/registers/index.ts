/**
 * The register adapters: the interface the hub reads state registers through, and the embedded
 * synthetic register that serves it by default (PRODUCT §5).
 */
export type { DocumentAsk, RegisterAdapter, RegisterDocument, RegisterPerson } from './register.js';
export { RegisterUnavailableError } from './register.js';
export { idCardCheckDigit, isValidIdCardNumber } from './synthetic/id-card-number.js';
export { createSyntheticRegister } from './synthetic/synthetic-register.js';
export type {
  SyntheticRegister,
  SyntheticRegisterOptions,
} from './synthetic/synthetic-register.js';
export type {
  RecordedStatus,
  SourceClaim,
  SyntheticDocument,
  SyntheticDocuments,
  SyntheticPerson,
} from './synthetic/synthetic-person.js';
