/**
 * The shape of a synthetic citizen as the generator makes them: identity, portrait and every
 * document they hold with all of its source claims. Tests and demos read these through
 * `SyntheticRegister.person()`; the hub only ever sees the asked claims of asked documents, cut
 * out by `readDocuments` (D2).
 */
import type {
  ClaimValue,
  DerivedClaim,
  DocumentStatus,
  DocumentType,
  claimsByDocument,
} from '../../../contracts/index.js';
import type { Sex } from './names.js';

/** The claims a register stores for a document type (its claims minus the derived ones). */
export type SourceClaim<T extends DocumentType> = Exclude<
  (typeof claimsByDocument)[T][number],
  DerivedClaim
>;

/** Status as the register records it; `expired` is not recorded but follows from the dates. */
export type RecordedStatus = 'valid' | 'suspended' | 'revoked';

/**
 * A document held by a synthetic citizen. Without a type argument it is the union over all
 * document types, so `claims` is narrowed by checking `type`.
 */
export type SyntheticDocument<T extends DocumentType = DocumentType> = T extends DocumentType
  ? {
      type: T;
      /** Suspended or revoked by an authority, or `valid` when neither. */
      recordedStatus: RecordedStatus;
      /** Status on the register's `today`: recorded status first, then expiry. */
      status: Exclude<DocumentStatus, 'missing'>;
      /** Every source claim of the type: dates `YYYY-MM-DD`, `categories` a list, years numbers. */
      claims: Readonly<Record<SourceClaim<T>, ClaimValue>>;
    }
  : never;

/** The documents of a synthetic citizen: everyone has an ID card, the rest depends. */
export type SyntheticDocuments = { id_card: SyntheticDocument<'id_card'> } & {
  [T in Exclude<DocumentType, 'id_card'>]?: SyntheticDocument<T>;
};

/** A synthetic citizen with all their documents' data. */
export interface SyntheticPerson {
  /** Position in the register, 0-based. */
  index: number;
  /** PESEL with a valid check digit, encoding `birthDate` and `sex`. */
  pesel: string;
  /** Contact phone, `+48` and nine digits starting 5–8. */
  phone: string;
  /** Given names, space separated. */
  givenNames: string;
  /** Family name in the form for `sex`. */
  familyName: string;
  /** Given names and family name, as on vehicle documents. */
  fullName: string;
  sex: Sex;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** Full years on the register's `today`. */
  age: number;
  /** City or town of birth. */
  birthPlace: string;
  /** City or town of residence, which decides the issuing offices and plate prefix. */
  home: string;
  /** Number of children (a large family card needs three or more). */
  children: number;
  /** Portrait, an SVG data URI. */
  photo: string;
  documents: SyntheticDocuments;
}
