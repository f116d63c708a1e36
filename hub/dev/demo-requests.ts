/**
 * The requests the demo institutions make — one definition for the demo host pages
 * (`/demo/bank`, `/demo/office`) and the narrated walk-through (`npm run demo`), so the two show
 * the same thing. Dev-mode stand-ins: no production code path uses them.
 */
import type { VerificationRequest } from '../../contracts/index.js';

/** What the demo institutions ask for. */
export const demoRequests = {
  /** The bank opens a personal account (F1) and keeps a copy (its registration allows it). */
  bankAccount: {
    documents: [
      {
        type: 'id_card',
        claims: [
          'given_names',
          'family_name',
          'photo',
          'birth_date',
          'pesel',
          'document_number',
          'expiry_date',
          'age_over_18',
          'document_valid',
        ],
      },
    ],
    purpose: 'Otwarcie rachunku osobistego',
    retain: true,
  },
  /** The municipal office re-registers a vehicle (F1/F2/F3). */
  vehicleRegistration: {
    documents: [
      {
        type: 'id_card',
        claims: ['given_names', 'family_name', 'photo', 'pesel', 'document_valid'],
      },
      {
        type: 'vehicle_registration',
        claims: ['registration_number', 'make', 'model', 'document_valid'],
      },
      {
        type: 'vehicle_insurance',
        claims: ['insurer', 'policy_number', 'valid_until', 'document_valid'],
      },
    ],
    purpose: 'Przerejestrowanie pojazdu',
    retain: false,
  },
  /** The post office hands out a registered letter (F3, no smartphone needed). */
  registeredLetter: {
    documents: [
      {
        type: 'id_card',
        claims: ['given_names', 'family_name', 'photo', 'document_number', 'document_valid'],
      },
    ],
    purpose: 'Odbiór przesyłki poleconej',
    retain: false,
  },
} satisfies Record<string, VerificationRequest>;
