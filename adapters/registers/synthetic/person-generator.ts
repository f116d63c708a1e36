/**
 * Generates one whole synthetic citizen from the register's seed and the person's index: the
 * identity, then the plan of documents (random, or fixed for the first persons by
 * sample-profiles.ts), then the portrait and each document's data. Identity, documents and
 * portrait use separate seeded streams, so a change to how documents are drawn does not rename
 * anyone.
 */
import { drawPlan } from './document-plan.js';
import type { DocumentPlan } from './document-plan.js';
import {
  makeLargeFamilyCard,
  makePensionerId,
  makeSchoolId,
  makeStudentId,
} from './entitlement-documents.js';
import type { Holder } from './holder.js';
import { makeDrivingLicence, makeIdCard } from './identity-documents.js';
import { generateIdentity } from './identity-generator.js';
import type { GeneratorContext } from './identity-generator.js';
import { portraitDataUri } from './portrait.js';
import { createRng, rngStreams } from './prng.js';
import type { Rng } from './prng.js';
import { sampleProfiles } from './sample-profiles.js';
import type { SampleProfile } from './sample-profiles.js';
import type { SyntheticDocuments, SyntheticPerson } from './synthetic-person.js';
import { makeVehicleDocuments } from './vehicle-documents.js';

/** The drawn plan with a sample profile's fixed conditions laid over it. */
function withProfile(plan: DocumentPlan, profile: SampleProfile | undefined): DocumentPlan {
  if (profile === undefined) return plan;
  const documents = { ...plan.documents };
  for (const [type, condition] of Object.entries(profile.documents)) {
    const key = type as keyof typeof documents;
    if (condition === null) {
      if (key !== 'id_card') delete documents[key];
    } else {
      documents[key] = condition;
    }
  }
  return { children: profile.children ?? plan.children, documents };
}

/** Every document in the plan, built in a fixed order from the documents stream. */
function buildDocuments(
  rng: Rng,
  holder: Holder,
  plan: DocumentPlan,
  seedHash: number,
): SyntheticDocuments {
  const planned = plan.documents;
  const documents: SyntheticDocuments = {
    id_card: makeIdCard(rng, holder, planned.id_card, seedHash),
  };
  if (planned.driving_licence) {
    documents.driving_licence = makeDrivingLicence(rng, holder, planned.driving_licence);
  }
  if (planned.vehicle_registration && planned.vehicle_insurance) {
    const car = makeVehicleDocuments(rng, holder, {
      registration: planned.vehicle_registration,
      insurance: planned.vehicle_insurance,
    });
    documents.vehicle_registration = car.registration;
    documents.vehicle_insurance = car.insurance;
  }
  if (planned.student_id) documents.student_id = makeStudentId(rng, holder, planned.student_id);
  if (planned.school_id) documents.school_id = makeSchoolId(rng, holder, planned.school_id);
  if (planned.large_family_card) {
    documents.large_family_card = makeLargeFamilyCard(rng, holder, planned.large_family_card);
  }
  if (planned.pensioner_id) {
    documents.pensioner_id = makePensionerId(rng, holder, planned.pensioner_id);
  }
  return documents;
}

/** Person `index` (redraw `attempt`) of the register described by `context`. */
export function generatePerson(
  context: GeneratorContext,
  index: number,
  attempt = 0,
): SyntheticPerson {
  const identity = generateIdentity(context, index, attempt);
  const rng = createRng(context.seedHash, index, attempt, rngStreams.documents);
  const plan = withProfile(drawPlan(rng, identity.age, identity.sex), sampleProfiles[index]);
  const photo = portraitDataUri(
    createRng(context.seedHash, index, attempt, rngStreams.portrait),
    identity,
  );
  const holder: Holder = { identity, photo, today: context.today };
  return {
    index,
    pesel: identity.pesel,
    phone: identity.phone,
    givenNames: identity.givenNames,
    familyName: identity.familyName,
    fullName: `${identity.givenNames} ${identity.familyName}`,
    sex: identity.sex,
    birthDate: identity.birthDate,
    age: identity.age,
    birthPlace: identity.birthPlace.name,
    home: identity.home.name,
    children: plan.children,
    photo,
    documents: buildDocuments(rng, holder, plan, context.seedHash),
  };
}
