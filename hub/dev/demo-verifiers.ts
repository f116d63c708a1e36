/**
 * Demo verifiers of the embedded default (PRODUCT §7): a municipal office, a bank branch, a post
 * office and a police unit, approved, each with one fresh API key.
 */
import type { CreateVerifierBody } from '../../contracts/index.js';
import type { VerifierRecord } from '../../adapters/records/index.js';
import type { HubContext } from '../context.js';
import { issueApiKey, registerVerifier, setVerifierStatus } from '../verifiers.js';

const person = ['given_names', 'family_name', 'photo'] as const;

/** What an office or a police unit reads of the documents it checks. */
const officialClaims = {
  id_card: [...person, 'birth_date', 'pesel', 'document_number', 'expiry_date', 'document_valid'],
  driving_licence: [...person, 'document_number', 'categories', 'expiry_date', 'document_valid'],
  vehicle_insurance: ['holder_name', 'policy_number', 'insurer', 'valid_until', 'document_valid'],
} as const;
const vehicle = ['owner_name', 'registration_number', 'vin', 'make', 'model'] as const;

/** The demo institutions, keyed by a short handle used in docs and demo pages. */
export function demoVerifiers(origins: string[]): Record<string, CreateVerifierBody> {
  return {
    office: {
      name: 'Urząd Miasta Krakowa',
      kind: 'public_office',
      branch: 'Wydział Spraw Obywatelskich, al. Powstania Warszawskiego 10',
      claims: {
        id_card: [...officialClaims.id_card],
        driving_licence: [...officialClaims.driving_licence],
        vehicle_registration: [...vehicle, 'document_valid'],
        vehicle_insurance: [...officialClaims.vehicle_insurance],
        large_family_card: [...person, 'card_number', 'document_valid'],
        pensioner_id: [...person, 'document_number', 'document_valid'],
      },
      flows: ['code', 'push', 'otp'],
      origins,
      retain: false,
      displaySeconds: 120,
    },
    bank: {
      name: 'Bank Przykładowy S.A.',
      kind: 'bank',
      branch: 'Oddział Kraków Rynek Główny',
      claims: {
        id_card: [
          ...person,
          'birth_date',
          'pesel',
          'nationality',
          'document_number',
          'expiry_date',
          'age_over_18',
          'document_valid',
        ],
      },
      flows: ['code', 'push', 'otp'],
      origins,
      retain: true,
      displaySeconds: 120,
    },
    post: {
      name: 'Poczta Polska',
      kind: 'post',
      branch: 'Urząd Pocztowy Kraków 1',
      claims: { id_card: [...person, 'document_number', 'age_over_18', 'document_valid'] },
      flows: ['code', 'otp'],
      origins,
      retain: false,
      displaySeconds: 60,
    },
    police: {
      name: 'Komenda Miejska Policji w Krakowie',
      kind: 'police',
      branch: 'Komisariat Policji I, ul. Szeroka 35',
      claims: {
        id_card: [...officialClaims.id_card],
        driving_licence: [...officialClaims.driving_licence],
        vehicle_registration: [...vehicle, 'inspection_valid_until', 'document_valid'],
        vehicle_insurance: [...officialClaims.vehicle_insurance],
      },
      flows: ['code', 'push', 'otp', 'privileged'],
      origins,
      retain: false,
      displaySeconds: 300,
    },
  };
}

/** One seeded verifier and its API key (shown once). */
export interface SeededVerifier {
  handle: string;
  verifier: VerifierRecord;
  apiKey: string;
}

/** Registers, approves and keys the demo verifiers. */
export async function seedDemoVerifiers(
  ctx: HubContext,
  origins: string[],
): Promise<SeededVerifier[]> {
  const seeded: SeededVerifier[] = [];
  for (const [handle, body] of Object.entries(demoVerifiers(origins))) {
    const registered = await registerVerifier(ctx, body);
    const verifier = await setVerifierStatus(ctx, registered.id, 'active');
    const { apiKey } = await issueApiKey(ctx, verifier.id);
    seeded.push({ handle, verifier, apiKey });
  }
  return seeded;
}

/**
 * Seeds the demo verifiers unless another node of the cluster already did (a claim in the
 * session store decides); answers what this node seeded, possibly nothing.
 */
export async function seedOnce(ctx: HubContext, origins: string[]): Promise<SeededVerifier[]> {
  const tenYears = 10 * 365 * 24 * 3_600_000;
  if (!(await ctx.sessions.claimKey('seed:demo-verifiers', ctx.config.nodeId, tenYears))) return [];
  return seedDemoVerifiers(ctx, origins);
}
