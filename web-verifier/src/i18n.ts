/**
 * Every word the widget shows, in Polish (the default) and English. Labels of documents, claims
 * and document statuses come from `contracts/documents.ts` so that the clerk reads the same names
 * the citizen approved (D1); the rest (session states, end reasons, error codes, buttons) lives
 * here. The `Strings` type makes a missing translation a compile error; a unit test checks it too.
 */
import {
  claimLabels,
  documentLabels,
  statusLabels,
  type DocumentStatus,
  type Lang,
} from '../../contracts/documents.js';
import type { ErrorCode } from '../../contracts/errors.js';
import type { EndReason, Flow, SessionState } from '../../contracts/sessions.js';

export type { Lang };

/** The two languages, Polish first (the default). */
export const langs = ['pl', 'en'] as const satisfies readonly Lang[];

/** Errors the widget raises itself, beside the hub's V3 codes. */
export const WidgetErrorCode = {
  no_token: 'no_token',
  network: 'network',
  timeout: 'timeout',
  protocol: 'protocol',
  bad_signature: 'bad_signature',
  bad_subject: 'bad_subject',
  bad_otp: 'bad_otp',
} as const;
/** An error raised by the widget itself. */
export type WidgetErrorCode = (typeof WidgetErrorCode)[keyof typeof WidgetErrorCode];

/** Any error code the widget may show or report: the hub's or its own. */
export type AnyErrorCode = ErrorCode | WidgetErrorCode;

/** What the clerk is told while the session is in each state, per flow where it differs. */
export type StateTexts = Record<SessionState, string> & {
  awaiting_citizen_push: string;
  awaiting_citizen_otp: string;
  awaiting_approval_push: string;
  awaiting_approval_otp: string;
};

/** All strings of one language. */
export interface Strings {
  title: string;
  langSwitch: string;
  connecting: string;
  reconnecting: string;
  /** Connected again; the session's state is not confirmed yet. */
  confirming: string;
  /** The mark on a QR, code or match number that may be out of date. */
  stale: string;
  idle: string;
  stopped: string;
  states: StateTexts;
  endReasons: Record<EndReason, string>;
  errors: Record<AnyErrorCode, string>;
  qrLabel: string;
  codeLabel: string;
  codeHint: string;
  windowLeft: string;
  displayLeft: string;
  subjectLabel: string;
  subjectHint: string;
  subjectSubmitPush: string;
  subjectSubmitOtp: string;
  matchLabel: string;
  matchHint: string;
  otpLabel: string;
  otpHint: string;
  otpSubmit: string;
  cancel: string;
  closeData: string;
  working: string;
  attemptsLeft: (n: number) => string;
  retryAfter: (seconds: number) => string;
  cardTitle: string;
  portraitAlt: (name: string) => string;
  photoAlt: (doc: string) => string;
  documentStatus: string;
  documentWarning: string;
  signature: Record<'pending' | 'valid' | 'invalid' | 'unavailable', string>;
  signatureHint: Record<'invalid' | 'unavailable', string>;
  yes: string;
  no: string;
  sex: Record<string, string>;
  nationality: Record<string, string>;
  noValue: string;
  wiped: string;
  wipedClosed: string;
  endingSoon: (seconds: number) => string;
  flows: Record<Flow, string>;
}

const pl: Strings = {
  title: 'Weryfikacja tożsamości — mDok',
  langSwitch: 'Język',
  connecting: 'Łączenie z mDok Hub…',
  reconnecting: 'Brak połączenia z mDok Hub — ponawianie…',
  confirming: 'Połączono ponownie — sprawdzanie stanu weryfikacji…',
  stale: 'Nieaktualne — brak połączenia z mDok Hub',
  idle: 'Widżet czeka na token sesji.',
  stopped: 'Weryfikacji nie można kontynuować.',
  states: {
    awaiting_citizen:
      'Poproś klienta o zeskanowanie kodu QR albo wpisanie 6-cyfrowego kodu w aplikacji mDok.',
    awaiting_citizen_push:
      'Wpisz PESEL albo numer telefonu klienta i wyślij prośbę na jego telefon.',
    awaiting_citizen_otp: 'Wpisz PESEL albo numer telefonu klienta. Klient dostanie SMS z kodem.',
    awaiting_approval: 'Kod zeskanowany — klient sprawdza prośbę na swoim telefonie.',
    awaiting_approval_push:
      'Prośba wysłana — klient sprawdza ją na telefonie i wpisuje liczbę pokazaną poniżej.',
    awaiting_approval_otp: 'SMS wysłany — wpisz 6-cyfrowy kod, który poda klient.',
    approved: 'Klient zgodził się — pobieranie danych z rejestru…',
    delivered: 'Dane otrzymane z rejestru.',
    expired: 'Czas wyświetlania minął — dane zostały usunięte z ekranu.',
    rejected: 'Klient odrzucił prośbę.',
    cancelled: 'Weryfikacja anulowana.',
    timed_out: 'Czas minął — klient nie odpowiedział.',
    failed: 'Weryfikacja nie powiodła się.',
  },
  endReasons: {
    delivered: 'Dane zostały przekazane.',
    expired: 'Czas wyświetlania danych minął.',
    rejected: 'Klient odrzucił prośbę.',
    cancelled: 'Weryfikacja została anulowana.',
    timed_out: 'Klient nie odpowiedział na czas.',
    failed: 'Weryfikacja nie powiodła się.',
    too_many_attempts: 'Za dużo błędnych kodów — weryfikacja przerwana.',
    register_unavailable: 'Rejestr jest chwilowo niedostępny — spróbuj później.',
    device_deactivated: 'Telefon klienta został wyłączony z usługi.',
    verifier_suspended: 'Twoja instytucja została zawieszona w mDok Hub.',
    answered: 'Prośba została już rozpatrzona.',
  },
  errors: {
    invalid_request: 'Nieprawidłowe dane — sprawdź i spróbuj ponownie.',
    unauthorized: 'Token widżetu jest nieważny albo wygasł — rozpocznij weryfikację od nowa.',
    forbidden: 'Brak uprawnień: ta strona albo instytucja nie ma dostępu do tej sesji.',
    not_found: 'Nie ma takiej sesji — mogła się już zakończyć.',
    conflict: 'Tej czynności nie można już wykonać.',
    gone: 'Sesja już się zakończyła.',
    expired: 'Czas minął.',
    rate_limited: 'Za dużo prób — odczekaj chwilę.',
    code_invalid: 'Nieprawidłowy kod — sprawdź go i wpisz ponownie.',
    too_many_attempts: 'Za dużo błędnych prób — weryfikacja przerwana.',
    subject_not_enrolled: 'Ta osoba nie ma aktywnej usługi mDok z zarejestrowanym telefonem.',
    subject_busy: 'Ta osoba ma już inną oczekującą prośbę — spróbuj za chwilę.',
    register_unavailable: 'Rejestr jest chwilowo niedostępny — spróbuj później.',
    internal: 'Błąd po stronie mDok Hub — spróbuj ponownie.',
    no_token: 'Brak tokenu widżetu — strona nie rozpoczęła weryfikacji.',
    network: 'Brak połączenia z mDok Hub.',
    timeout: 'mDok Hub nie odpowiedział na czas — spróbuj ponownie.',
    protocol: 'mDok Hub przysłał nieoczekiwane dane.',
    bad_signature: 'Podpis danych jest nieprawidłowy.',
    bad_subject: 'Wpisz 11-cyfrowy PESEL albo numer telefonu (np. 600 100 200).',
    bad_otp: 'Kod z SMS ma 6 cyfr.',
  },
  qrLabel: 'Kod QR do zeskanowania w aplikacji mDok',
  codeLabel: 'Kod do wpisania',
  codeHint: 'Kod zmienia się co sekundę na QR; 8 cyfr można wpisać ręcznie.',
  windowLeft: 'Pozostały czas',
  displayLeft: 'Dane znikną za',
  subjectLabel: 'PESEL albo numer telefonu klienta',
  subjectHint: '11 cyfr PESEL albo numer telefonu, np. 600 100 200.',
  subjectSubmitPush: 'Wyślij prośbę na telefon',
  subjectSubmitOtp: 'Wyślij kod SMS',
  matchLabel: 'Liczba do wpisania przez klienta',
  matchHint: 'Klient wpisuje tę liczbę w aplikacji, żeby potwierdzić, że to ta prośba.',
  otpLabel: 'Kod z SMS podany przez klienta',
  otpHint: '6 cyfr.',
  otpSubmit: 'Potwierdź kod',
  cancel: 'Anuluj',
  closeData: 'Zamknij i usuń dane',
  working: 'Proszę czekać…',
  attemptsLeft: (n) => `Pozostało prób: ${n}.`,
  retryAfter: (n) => `Spróbuj ponownie za ${n} s.`,
  cardTitle: 'Dane z rejestru',
  portraitAlt: (name) => `Zdjęcie z dokumentu: ${name}`,
  photoAlt: (doc) => `Zdjęcie z dokumentu: ${doc}`,
  documentStatus: 'Status dokumentu',
  documentWarning: 'UWAGA: dokument nie jest ważny',
  signature: {
    pending: 'Sprawdzanie podpisu mDok Hub…',
    valid: 'Podpis mDok Hub zweryfikowany',
    invalid: 'UWAGA: podpis mDok Hub jest nieprawidłowy',
    unavailable: 'UWAGA: nie udało się sprawdzić podpisu mDok Hub',
  },
  signatureHint: {
    invalid: 'Nie ufaj tym danym. Sprawdź dokument klienta w inny sposób.',
    unavailable: 'Brak klucza do sprawdzenia podpisu. Nie ufaj tym danym bez dodatkowej kontroli.',
  },
  yes: 'Tak',
  no: 'Nie',
  sex: { M: 'Mężczyzna', F: 'Kobieta', K: 'Kobieta' },
  nationality: { POL: 'polskie', PL: 'polskie' },
  noValue: '—',
  wiped: 'Dane zostały usunięte z ekranu i z pamięci widżetu.',
  wipedClosed: 'Dane zamknięte i usunięte z ekranu i z pamięci widżetu.',
  endingSoon: (n) => `Dane znikną za ${n} sekund.`,
  flows: {
    code: 'Kod QR',
    push: 'Powiadomienie na telefon',
    otp: 'Kod SMS',
    peer: 'Między obywatelami',
    privileged: 'Zapytanie uprzywilejowane',
  },
};

const en: Strings = {
  title: 'Identity check — mDok',
  langSwitch: 'Language',
  connecting: 'Connecting to mDok Hub…',
  reconnecting: 'No connection to mDok Hub — retrying…',
  confirming: 'Connected again — checking the state of the verification…',
  stale: 'Out of date — no connection to mDok Hub',
  idle: 'The widget is waiting for a session token.',
  stopped: 'The verification cannot continue.',
  states: {
    awaiting_citizen:
      'Ask the customer to scan the QR code or type the 6-digit code in the mDok app.',
    awaiting_citizen_push:
      "Type the customer's PESEL or phone number and send the request to their phone.",
    awaiting_citizen_otp:
      "Type the customer's PESEL or phone number. The customer will get a text message with a code.",
    awaiting_approval: 'Code scanned — the customer is reviewing the request on their phone.',
    awaiting_approval_push:
      'Request sent — the customer is reviewing it and types the number shown below.',
    awaiting_approval_otp: 'Text message sent — type the 6-digit code the customer reads out.',
    approved: 'The customer agreed — fetching data from the register…',
    delivered: 'Data received from the register.',
    expired: 'Display time is over — the data has been wiped from the screen.',
    rejected: 'The customer rejected the request.',
    cancelled: 'Verification cancelled.',
    timed_out: 'Time is up — the customer did not respond.',
    failed: 'Verification failed.',
  },
  endReasons: {
    delivered: 'The data was handed over.',
    expired: 'The display time is over.',
    rejected: 'The customer rejected the request.',
    cancelled: 'The verification was cancelled.',
    timed_out: 'The customer did not respond in time.',
    failed: 'The verification failed.',
    too_many_attempts: 'Too many wrong codes — verification stopped.',
    register_unavailable: 'The register is unavailable right now — try again later.',
    device_deactivated: "The customer's phone was removed from the service.",
    verifier_suspended: 'Your institution has been suspended in mDok Hub.',
    answered: 'The request has already been answered.',
  },
  errors: {
    invalid_request: 'Invalid input — check it and try again.',
    unauthorized: 'The widget token is invalid or has expired — start the verification again.',
    forbidden: 'Not allowed: this page or institution has no access to this session.',
    not_found: 'No such session — it may have ended already.',
    conflict: 'This can no longer be done.',
    gone: 'The session has already ended.',
    expired: 'Time is up.',
    rate_limited: 'Too many tries — wait a moment.',
    code_invalid: 'Wrong code — check it and type it again.',
    too_many_attempts: 'Too many wrong tries — verification stopped.',
    subject_not_enrolled: 'This person has no active mDok service with a registered phone.',
    subject_busy: 'This person already has another pending request — try again shortly.',
    register_unavailable: 'The register is unavailable right now — try again later.',
    internal: 'mDok Hub error — try again.',
    no_token: 'No widget token — the page has not started a verification.',
    network: 'No connection to mDok Hub.',
    timeout: 'mDok Hub did not answer in time — try again.',
    protocol: 'mDok Hub sent unexpected data.',
    bad_signature: 'The data signature is invalid.',
    bad_subject: 'Type an 11-digit PESEL or a phone number (e.g. 600 100 200).',
    bad_otp: 'The text-message code has 6 digits.',
  },
  qrLabel: 'QR code to scan in the mDok app',
  codeLabel: 'Code to type',
  codeHint: 'The QR code changes every second; the 8 digits can be typed by hand.',
  windowLeft: 'Time left',
  displayLeft: 'Data disappears in',
  subjectLabel: "Customer's PESEL or phone number",
  subjectHint: '11-digit PESEL or a phone number, e.g. 600 100 200.',
  subjectSubmitPush: 'Send request to phone',
  subjectSubmitOtp: 'Send text-message code',
  matchLabel: 'Number the customer must type',
  matchHint: 'The customer types this number in the app to confirm it is this request.',
  otpLabel: 'Text-message code read out by the customer',
  otpHint: '6 digits.',
  otpSubmit: 'Confirm code',
  cancel: 'Cancel',
  closeData: 'Close and wipe data',
  working: 'Please wait…',
  attemptsLeft: (n) => `Attempts left: ${n}.`,
  retryAfter: (n) => `Try again in ${n} s.`,
  cardTitle: 'Register data',
  portraitAlt: (name) => `Photo from the document: ${name}`,
  photoAlt: (doc) => `Photo from the document: ${doc}`,
  documentStatus: 'Document status',
  documentWarning: 'WARNING: the document is not valid',
  signature: {
    pending: 'Checking the mDok Hub signature…',
    valid: 'Hub signature verified',
    invalid: 'WARNING: the mDok Hub signature is invalid',
    unavailable: 'WARNING: the mDok Hub signature could not be checked',
  },
  signatureHint: {
    invalid: "Do not trust this data. Check the customer's document another way.",
    unavailable: 'No key to check the signature. Do not trust this data without another check.',
  },
  yes: 'Yes',
  no: 'No',
  sex: { M: 'Male', F: 'Female', K: 'Female' },
  nationality: { POL: 'Polish', PL: 'Polish' },
  noValue: '—',
  wiped: "The data has been wiped from the screen and the widget's memory.",
  wipedClosed: "The data was closed and wiped from the screen and the widget's memory.",
  endingSoon: (n) => `The data disappears in ${n} seconds.`,
  flows: {
    code: 'QR code',
    push: 'Phone notification',
    otp: 'Text-message code',
    peer: 'Citizen to citizen',
    privileged: 'Privileged lookup',
  },
};

/** The strings of both languages. */
export const strings: Readonly<Record<Lang, Strings>> = { pl, en };

/** Reads a `lang` attribute: `en`, `en-GB` → `en`; anything else → `pl`. */
export function resolveLang(value: string | null | undefined): Lang {
  return value?.toLowerCase().startsWith('en') ? 'en' : 'pl';
}

/**
 * The widget's language: its own `lang` when set, else the page's `<html lang>`, else Polish.
 * Only `pl` and `en` exist: any other language reads as Polish.
 */
export function widgetLang(own: string | null | undefined, page: string | null | undefined): Lang {
  return resolveLang(own || page || 'pl');
}

/** The strings of a language. */
export function t(lang: Lang): Strings {
  return strings[lang];
}

/** Plain-language name of a document type; the raw type when the contracts do not know it. */
export function documentLabel(type: string, lang: Lang): string {
  return (documentLabels as Record<string, Record<Lang, string> | undefined>)[type]?.[lang] ?? type;
}

/** Plain-language name of a claim; the raw name when the contracts do not know it. */
export function claimLabel(claim: string, lang: Lang): string {
  return (claimLabels as Record<string, Record<Lang, string> | undefined>)[claim]?.[lang] ?? claim;
}

/** Plain-language name of a document status. */
export function statusLabel(status: DocumentStatus, lang: Lang): string {
  return statusLabels[status][lang];
}

/** The status line for a state; awaiting states depend on the flow. */
export function stateText(state: SessionState, flow: Flow | null, lang: Lang): string {
  const s = strings[lang].states;
  if (state === 'awaiting_citizen' && flow === 'push') return s.awaiting_citizen_push;
  if (state === 'awaiting_citizen' && flow === 'otp') return s.awaiting_citizen_otp;
  if (state === 'awaiting_approval' && flow === 'push') return s.awaiting_approval_push;
  if (state === 'awaiting_approval' && flow === 'otp') return s.awaiting_approval_otp;
  return s[state];
}

/** The message for an error code; unknown codes read as `internal`. */
export function errorText(code: string, lang: Lang): string {
  const errors = strings[lang].errors as Record<string, string>;
  return errors[code] ?? errors.internal!;
}
