/**
 * Document types served by the register adapters and the claims each can disclose (PRODUCT §5,
 * D2). Labels are the plain-language names the citizen sees before deciding (D1), in Polish and
 * English; the web front ends and the demo read them from here.
 */
import { z } from 'zod';

/** The eight document types of PRODUCT §5. */
export const documentTypes = [
  'id_card',
  'driving_licence',
  'vehicle_registration',
  'vehicle_insurance',
  'student_id',
  'large_family_card',
  'pensioner_id',
  'school_id',
] as const;
/** One of the document types. */
export type DocumentType = (typeof documentTypes)[number];
/** Document type schema. */
export const DocumentTypeSchema = z.enum(documentTypes);

/**
 * Status of a document at presentation time. `missing` (an extension of PRODUCT §5, see
 * contracts/SPEC.md) means the register holds no such document for the citizen.
 */
export const documentStatuses = ['valid', 'expired', 'suspended', 'revoked', 'missing'] as const;
/** Status of a document at presentation time. */
export type DocumentStatus = (typeof documentStatuses)[number];
/** Document status schema. */
export const DocumentStatusSchema = z.enum(documentStatuses);

/** Claims computed by the hub, never read from a register as such (D2). */
export const derivedClaims = ['age_over_18', 'document_valid'] as const;
/** A derived claim. */
export type DerivedClaim = (typeof derivedClaims)[number];

/** The claims each document type can disclose, derived ones included. */
export const claimsByDocument = {
  id_card: [
    'given_names',
    'family_name',
    'photo',
    'birth_date',
    'birth_place',
    'pesel',
    'sex',
    'nationality',
    'document_number',
    'issue_date',
    'expiry_date',
    'issuing_authority',
    'age_over_18',
    'document_valid',
  ],
  driving_licence: [
    'given_names',
    'family_name',
    'photo',
    'birth_date',
    'document_number',
    'categories',
    'issue_date',
    'expiry_date',
    'issuing_authority',
    'age_over_18',
    'document_valid',
  ],
  vehicle_registration: [
    'owner_name',
    'registration_number',
    'vin',
    'make',
    'model',
    'production_year',
    'first_registration_date',
    'document_number',
    'inspection_valid_until',
    'document_valid',
  ],
  vehicle_insurance: [
    'holder_name',
    'policy_number',
    'insurer',
    'registration_number',
    'vin',
    'valid_from',
    'valid_until',
    'document_valid',
  ],
  student_id: [
    'given_names',
    'family_name',
    'photo',
    'university',
    'student_number',
    'expiry_date',
    'age_over_18',
    'document_valid',
  ],
  large_family_card: [
    'given_names',
    'family_name',
    'photo',
    'card_number',
    'expiry_date',
    'age_over_18',
    'document_valid',
  ],
  pensioner_id: [
    'given_names',
    'family_name',
    'photo',
    'document_number',
    'issuing_authority',
    'expiry_date',
    'age_over_18',
    'document_valid',
  ],
  school_id: [
    'given_names',
    'family_name',
    'photo',
    'birth_date',
    'school_name',
    'document_number',
    'expiry_date',
    'age_over_18',
    'document_valid',
  ],
} as const satisfies Record<DocumentType, readonly string[]>;

/** Every claim name of every document, without repeats. */
export const allClaims = [...new Set(Object.values(claimsByDocument).flat())] as [
  Claim,
  ...Claim[],
];
/** Any claim name. */
export type Claim = (typeof claimsByDocument)[DocumentType][number];
/** Claim name schema. */
export const ClaimSchema = z.enum(allClaims);

/** Whether `claim` is one that documents of `type` can disclose. */
export function isClaimOf(type: DocumentType, claim: string): boolean {
  return (claimsByDocument[type] as readonly string[]).includes(claim);
}

/**
 * The documents a citizen acting as verifier (F4) may ask about: the identity card only, so a
 * peer cannot learn which other documents (licence, cards, vehicles) someone holds.
 */
export const peerDocuments: readonly DocumentType[] = ['id_card'];

/** The claims a citizen acting as verifier (F4) may ask for. */
export const peerClaims: readonly Claim[] = [
  'given_names',
  'family_name',
  'photo',
  'age_over_18',
  'document_valid',
];

/** A claim value: text (dates are ISO `YYYY-MM-DD`, photo a data URI), flag, number or list. */
export const ClaimValueSchema = z.union([z.string(), z.boolean(), z.number(), z.array(z.string())]);
/** A claim value. */
export type ClaimValue = z.infer<typeof ClaimValueSchema>;

/** The two languages of the front ends; Polish is the default. */
export type Lang = 'pl' | 'en';

/** A label in both languages. */
export type Label = Readonly<Record<Lang, string>>;

/** Plain-language names of the document types. */
export const documentLabels: Readonly<Record<DocumentType, Label>> = {
  id_card: { pl: 'Dowód osobisty', en: 'Identity card' },
  driving_licence: { pl: 'Prawo jazdy', en: 'Driving licence' },
  vehicle_registration: { pl: 'Dowód rejestracyjny', en: 'Vehicle registration' },
  vehicle_insurance: { pl: 'Polisa OC', en: 'Vehicle insurance (OC)' },
  student_id: { pl: 'Legitymacja studencka', en: 'Student ID' },
  large_family_card: { pl: 'Karta Dużej Rodziny', en: 'Large Family Card' },
  pensioner_id: { pl: 'Legitymacja emeryta-rencisty', en: 'Pensioner ID' },
  school_id: { pl: 'Legitymacja szkolna', en: 'School ID' },
};

/** Plain-language names of the claims (D1). */
export const claimLabels: Readonly<Record<Claim, Label>> = {
  given_names: { pl: 'Imiona', en: 'Given names' },
  family_name: { pl: 'Nazwisko', en: 'Family name' },
  photo: { pl: 'Zdjęcie', en: 'Photo' },
  birth_date: { pl: 'Data urodzenia', en: 'Date of birth' },
  birth_place: { pl: 'Miejsce urodzenia', en: 'Place of birth' },
  pesel: { pl: 'Numer PESEL', en: 'PESEL number' },
  sex: { pl: 'Płeć', en: 'Sex' },
  nationality: { pl: 'Obywatelstwo', en: 'Nationality' },
  document_number: { pl: 'Numer dokumentu', en: 'Document number' },
  issue_date: { pl: 'Data wydania', en: 'Date of issue' },
  expiry_date: { pl: 'Data ważności', en: 'Expiry date' },
  issuing_authority: { pl: 'Organ wydający', en: 'Issuing authority' },
  age_over_18: { pl: 'Czy ma ukończone 18 lat', en: 'Is 18 or older' },
  document_valid: { pl: 'Czy dokument jest ważny', en: 'Is the document valid' },
  categories: { pl: 'Kategorie uprawnień', en: 'Licence categories' },
  owner_name: { pl: 'Właściciel pojazdu', en: 'Vehicle owner' },
  registration_number: { pl: 'Numer rejestracyjny', en: 'Registration number' },
  vin: { pl: 'Numer VIN', en: 'VIN' },
  make: { pl: 'Marka', en: 'Make' },
  model: { pl: 'Model', en: 'Model' },
  production_year: { pl: 'Rok produkcji', en: 'Year of manufacture' },
  first_registration_date: { pl: 'Data pierwszej rejestracji', en: 'First registration' },
  inspection_valid_until: {
    pl: 'Badanie techniczne ważne do',
    en: 'Roadworthiness test valid until',
  },
  holder_name: { pl: 'Ubezpieczający', en: 'Policy holder' },
  policy_number: { pl: 'Numer polisy', en: 'Policy number' },
  insurer: { pl: 'Ubezpieczyciel', en: 'Insurer' },
  valid_from: { pl: 'Ważna od', en: 'Valid from' },
  valid_until: { pl: 'Ważna do', en: 'Valid until' },
  university: { pl: 'Uczelnia', en: 'University' },
  student_number: { pl: 'Numer albumu', en: 'Student number' },
  card_number: { pl: 'Numer karty', en: 'Card number' },
  school_name: { pl: 'Szkoła', en: 'School' },
};

/** Plain-language names of document statuses. */
export const statusLabels: Readonly<Record<DocumentStatus, Label>> = {
  valid: { pl: 'Ważny', en: 'Valid' },
  expired: { pl: 'Utracił ważność', en: 'Expired' },
  suspended: { pl: 'Zawieszony', en: 'Suspended' },
  revoked: { pl: 'Unieważniony', en: 'Revoked' },
  missing: { pl: 'Brak w rejestrze', en: 'Not in the register' },
};
