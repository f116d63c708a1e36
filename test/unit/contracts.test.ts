/**
 * The shared contracts (V1, V2, V3; PRODUCT §8): the session-creation body and its per-flow
 * rules, the pairing command, the strict error shape, and subjects with phone numbers
 * normalised to E.164 and PESELs checked.
 */
import { describe, expect, it } from 'vitest';
import {
  CreateSessionBody,
  ErrorBody,
  ErrorObject,
  PairingJoinCommand,
  PhoneSchema,
  SubjectSchema,
  errorCodes,
  httpStatusOf,
  isValidPesel,
  normalizePhone,
  peselBirthDate,
  peselCheckDigit,
  toIssues,
} from '../../contracts/index.js';

const request = {
  documents: [{ type: 'id_card', claims: ['given_names'] }],
  purpose: 'Otwarcie rachunku',
};
const pesel = '44051401359';

/** Distinct issue paths of a failed parse, sorted; [] when it succeeded. */
function issuePaths(result: { success: boolean; error?: unknown }): string[] {
  if (result.success) return [];
  const issues = toIssues(result.error as Parameters<typeof toIssues>[0]);
  return [...new Set(issues.map((i) => i.path))].sort();
}

describe('[V1] CreateSessionBody', () => {
  it('[V1] accepts each flow with what it needs, and fills defaults', () => {
    const code = CreateSessionBody.parse({ flow: 'code', request });
    expect(code.request.retain).toBe(false);
    expect(CreateSessionBody.safeParse({ flow: 'push', request }).success).toBe(true);
    expect(
      CreateSessionBody.safeParse({ flow: 'push', request, subject: { phone: '600100200' } })
        .success,
    ).toBe(true);
    expect(CreateSessionBody.safeParse({ flow: 'otp', request, subject: { pesel } }).success).toBe(
      true,
    );
    const privileged = CreateSessionBody.parse({
      flow: 'privileged',
      request,
      subject: { pesel },
      legalBasis: '  art. 15 ustawy o Policji  ',
      displaySeconds: 600,
      nonce: 'n',
      reference: 'RSD-1',
    });
    expect(privileged.legalBasis).toBe('art. 15 ustawy o Policji');
  });

  it('[V1][F5] privileged needs subject.pesel and legalBasis; legalBasis is only for privileged', () => {
    expect(issuePaths(CreateSessionBody.safeParse({ flow: 'privileged', request }))).toEqual([
      'legalBasis',
      'subject',
    ]);
    expect(
      issuePaths(
        CreateSessionBody.safeParse({
          flow: 'privileged',
          request,
          subject: { phone: '+48600100200' },
          legalBasis: 'art. 15 ust. 1 ustawy o Policji',
        }),
      ),
    ).toEqual(['subject']);
    for (const flow of ['code', 'push', 'otp']) {
      const result = CreateSessionBody.safeParse({
        flow,
        request,
        legalBasis: 'art. 15 ust. 1 ustawy o Policji',
        ...(flow === 'code' ? {} : { subject: { pesel } }),
      });
      expect(issuePaths(result), flow).toEqual(['legalBasis']);
    }
  });

  it('[V1][F1] the code flow takes no subject; peer and unknown flows are refused', () => {
    expect(
      issuePaths(CreateSessionBody.safeParse({ flow: 'code', request, subject: { pesel } })),
    ).toEqual(['subject']);
    for (const flow of ['peer', 'sms', '', 'CODE', null]) {
      expect(issuePaths(CreateSessionBody.safeParse({ flow, request })), String(flow)).toEqual([
        'flow',
      ]);
    }
  });

  it('[V1] refuses repeated document types, foreign and repeated claims, unknown keys', () => {
    const twice = {
      documents: [
        { type: 'id_card', claims: ['given_names'] },
        { type: 'id_card', claims: ['photo'] },
      ],
      purpose: 'x',
    };
    expect(issuePaths(CreateSessionBody.safeParse({ flow: 'code', request: twice }))).toEqual([
      'request.documents',
    ]);
    const vin = { documents: [{ type: 'id_card', claims: ['photo', 'vin'] }], purpose: 'x' };
    expect(issuePaths(CreateSessionBody.safeParse({ flow: 'code', request: vin }))).toEqual([
      'request.documents.0.claims.1',
    ]);
    const repeated = { documents: [{ type: 'id_card', claims: ['photo', 'photo'] }], purpose: 'x' };
    expect(issuePaths(CreateSessionBody.safeParse({ flow: 'code', request: repeated }))).toEqual([
      'request.documents.0.claims',
    ]);
    expect(
      issuePaths(CreateSessionBody.safeParse({ flow: 'code', request, verifierId: 'v_other' })),
    ).toEqual(['']);
    expect(
      issuePaths(
        CreateSessionBody.safeParse({ flow: 'code', request: { ...request, retain: 'yes' } }),
      ),
    ).toEqual(['request.retain']);
  });

  it('[V1] bounds: displaySeconds 1..600, nonce and reference 1..128, purpose 1..200', () => {
    const bad = [
      [{ displaySeconds: 0 }, 'displaySeconds'],
      [{ displaySeconds: 601 }, 'displaySeconds'],
      [{ displaySeconds: 2.5 }, 'displaySeconds'],
      [{ nonce: '' }, 'nonce'],
      [{ nonce: 'n'.repeat(129) }, 'nonce'],
      [{ reference: 'r'.repeat(129) }, 'reference'],
      [{ request: { ...request, purpose: 'p'.repeat(201) } }, 'request.purpose'],
      [{ request: { ...request, documents: [] } }, 'request.documents'],
    ] as const;
    for (const [patch, path] of bad) {
      const result = CreateSessionBody.safeParse({ flow: 'code', request, ...patch });
      expect(issuePaths(result), JSON.stringify(patch)).toEqual([path]);
    }
  });
});

describe('[V1][P2] PairingJoinCommand', () => {
  it('[P2] takes an 8-digit code or a QR payload', () => {
    expect(PairingJoinCommand.parse({ code: '01234567' })).toEqual({ code: '01234567' });
    expect(PairingJoinCommand.parse({ qr: 'mdok1.abc.3.def' })).toEqual({ qr: 'mdok1.abc.3.def' });
  });

  it('[V1] refuses both at once, neither, extra keys, bad codes and oversized QRs', () => {
    for (const bad of [
      { code: '123456', qr: 'x' },
      {},
      { code: '123456', sessionId: 's' },
      { code: '12345' },
      { code: '123456' },
      { code: '1234567' },
      { code: '123456789' },
      { code: '1234567a' },
      { code: ' 123456' },
      { code: 123456 },
      { qr: '' },
      { qr: 'q'.repeat(257) },
      null,
      '123456',
      ['123456'],
    ]) {
      expect(PairingJoinCommand.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('[V2][V3] ErrorBody', () => {
  it('[V2] accepts exactly { error: { code, message, issues? } }', () => {
    expect(ErrorBody.safeParse({ error: { code: 'not_found', message: 'x' } }).success).toBe(true);
    expect(
      ErrorBody.safeParse({
        error: { code: 'invalid_request', message: 'x', issues: [{ path: 'a.0', message: 'm' }] },
      }).success,
    ).toBe(true);
  });

  it('[V2] refuses extra keys at every level', () => {
    for (const bad of [
      { error: { code: 'not_found', message: 'x' }, status: 404 },
      { error: { code: 'not_found', message: 'x', stack: 'at ...' } },
      {
        error: {
          code: 'invalid_request',
          message: 'x',
          issues: [{ path: '', message: 'm', code: 'c' }],
        },
      },
      { error: { code: 'not_found' } },
      { error: { message: 'x' } },
      { error: 'not_found' },
      { code: 'not_found', message: 'x' },
    ]) {
      expect(ErrorBody.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('[V3] knows exactly the fourteen V3 codes, each with an HTTP status', () => {
    expect([...errorCodes].sort()).toEqual(
      [
        'invalid_request',
        'unauthorized',
        'forbidden',
        'not_found',
        'conflict',
        'gone',
        'expired',
        'rate_limited',
        'code_invalid',
        'too_many_attempts',
        'subject_not_enrolled',
        'subject_busy',
        'register_unavailable',
        'internal',
      ].sort(),
    );
    for (const code of errorCodes) {
      expect(httpStatusOf[code]).toBeGreaterThanOrEqual(400);
      expect(ErrorObject.safeParse({ code, message: 'm' }).success).toBe(true);
    }
    for (const code of ['bad_request', 'error', 'INTERNAL', '', 500]) {
      expect(ErrorObject.safeParse({ code, message: 'm' }).success, String(code)).toBe(false);
    }
  });
});

describe('[V1] SubjectSchema and identifiers', () => {
  it('[V1] normalises phone numbers to E.164', () => {
    const cases: [string, string][] = [
      ['+48600100200', '+48600100200'],
      ['600100200', '+48600100200'],
      ['600 100 200', '+48600100200'],
      ['600-100-200', '+48600100200'],
      ['(+48) 600 100 200', '+48600100200'],
      ['0048600100200', '+48600100200'],
      ['+49 30 1234567', '+49301234567'],
    ];
    for (const [raw, e164] of cases) {
      expect(SubjectSchema.parse({ phone: raw }), raw).toEqual({ phone: e164 });
      expect(normalizePhone(raw)).toBe(e164);
    }
  });

  it('[V1] refuses what cannot be a phone number', () => {
    for (const raw of [
      '',
      'abc',
      '12345',
      '+0600100200',
      '48600100200x',
      '+48 600 100 200 300 400 5',
      '6'.repeat(33),
    ]) {
      expect(PhoneSchema.safeParse(raw).success, raw).toBe(false);
      expect(SubjectSchema.safeParse({ phone: raw }).success, raw).toBe(false);
    }
  });

  it('[V1] a subject is exactly one of pesel or phone', () => {
    expect(SubjectSchema.parse({ pesel })).toEqual({ pesel });
    for (const bad of [
      {},
      { pesel, phone: '600100200' },
      { pesel, extra: 1 },
      { id: pesel },
      pesel,
    ]) {
      expect(SubjectSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('[V1] checks the PESEL check digit and birth date', () => {
    expect(isValidPesel(pesel)).toBe(true);
    expect(peselBirthDate(pesel)).toBe('1944-05-14');
    expect(peselCheckDigit(pesel.slice(0, 10))).toBe(9);
    for (let d = 0; d <= 9; d++) {
      if (d === 9) continue;
      expect(SubjectSchema.safeParse({ pesel: `${pesel.slice(0, 10)}${d}` }).success).toBe(false);
    }
    // 2000s births carry month + 20; 30 February does not exist.
    const first = '0422140000';
    expect(peselBirthDate(first + peselCheckDigit(first))).toBe('2004-02-14');
    const feb30 = '0422300000';
    expect(isValidPesel(feb30 + peselCheckDigit(feb30))).toBe(false);
    for (const bad of ['4405140135', '440514013590', '4405140135a', '', 44051401359]) {
      expect(SubjectSchema.safeParse({ pesel: bad }).success, String(bad)).toBe(false);
    }
  });
});

describe('[A8] display-safe text', () => {
  it('[A8] purpose, names and legal basis refuse control, NUL and bidi-override characters', () => {
    for (const bad of ['a\u202Eb', 'a\u0000b', 'a\u200Bb', 'a\nb', 'a\u2066b\u2069']) {
      const result = CreateSessionBody.safeParse({
        flow: 'code',
        request: { ...request, purpose: `Rachunek ${bad}` },
      });
      expect(result.success, JSON.stringify(bad)).toBe(false);
    }
    expect(CreateSessionBody.safeParse({ flow: 'code', request }).success).toBe(true);
  });

  it('[A6][A8] a legal basis must name a statute or case: too short or formless is refused', () => {
    for (const legalBasis of [
      'abc',
      'art. 1',
      'aaaaaaaaaaaaaaa',
      'no digits at all here',
      '1234567890',
    ]) {
      const result = CreateSessionBody.safeParse({
        flow: 'privileged',
        request,
        subject: { pesel },
        legalBasis,
      });
      expect(issuePaths(result), legalBasis).toEqual(['legalBasis']);
    }
    const fine = CreateSessionBody.safeParse({
      flow: 'privileged',
      request,
      subject: { pesel },
      legalBasis: 'art. 15 ust. 1 pkt 2 ustawy o Policji; RSD-123/26',
    });
    expect(fine.success).toBe(true);
  });
});
