/**
 * The dev identity provider's pages, in Polish and English (`ui_locales`): "choose a person"
 * (the synthetic register's citizens, and how they log in: Profil Zaufany, e-dowód, a bank, or a
 * deliberately weak test login for the level-of-assurance checks), the logout question, and
 * errors. Plain HTML forms without scripts; every value is escaped.
 */
import { loginMethods, type LoginMethod } from './dev-login-methods.js';

/** Languages of the pages. */
export type PageLang = 'pl' | 'en';

/** A person offered on the page. */
export interface OfferedPerson {
  pesel: string;
  givenNames: string;
  familyName: string;
}

const words = {
  pl: {
    title: 'Logowanie — dostawca tożsamości (wersja deweloperska)',
    intro:
      'To zastępczy dostawca tożsamości trybu deweloperskiego, w miejscu login.gov.pl. Osoby są fikcyjne (syntetyczny rejestr).',
    client: 'Logujesz się do: {client}',
    method: 'Sposób logowania',
    people: 'Wybierz osobę',
    pesel: 'PESEL {pesel}',
    typed: 'Albo wpisz PESEL osoby z rejestru',
    typedSubmit: 'Zaloguj tym numerem PESEL',
    cancel: 'Anuluj logowanie',
    unknown: 'Nie ma takiej osoby w rejestrze. Sprawdź numer PESEL.',
    errorTitle: 'Nie udało się zalogować',
    logoutTitle: 'Wylogować z dostawcy tożsamości?',
    logoutYes: 'Tak, wyloguj',
    logoutNo: 'Nie',
    loggedOut: 'Wylogowano z dostawcy tożsamości.',
  },
  en: {
    title: 'Log in — identity provider (development)',
    intro:
      'This is the dev mode stand-in identity provider, in place of login.gov.pl. The people are fictitious (synthetic register).',
    client: 'You are logging in to: {client}',
    method: 'How you log in',
    people: 'Choose a person',
    pesel: 'PESEL {pesel}',
    typed: 'Or type the PESEL of someone in the register',
    typedSubmit: 'Log in with this PESEL',
    cancel: 'Cancel the login',
    unknown: 'There is no such person in the register. Check the PESEL.',
    errorTitle: 'The login failed',
    logoutTitle: 'Log out of the identity provider?',
    logoutYes: 'Yes, log out',
    logoutNo: 'No',
    loggedOut: 'You are logged out of the identity provider.',
  },
} as const;

const methodLabels: Record<PageLang, Record<LoginMethod['id'], string>> = {
  pl: {
    pz: 'Profil Zaufany (poziom średni)',
    edowod: 'e-dowód (poziom wysoki)',
    bank: 'Bankowość elektroniczna (poziom średni)',
    low: 'Test: logowanie o niskim poziomie bezpieczeństwa',
  },
  en: {
    pz: 'Profil Zaufany (substantial level)',
    edowod: 'e-ID card (high level)',
    bank: 'Online banking (substantial level)',
    low: 'Test: a low-assurance login',
  },
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

/** The page language from `ui_locales` (a space-separated preference list). */
export function pageLang(uiLocales: unknown): PageLang {
  const first = typeof uiLocales === 'string' ? uiLocales.trim().split(/\s+/)[0] : undefined;
  return first?.toLowerCase().startsWith('en') ? 'en' : 'pl';
}

function fill(text: string, params: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => escapeHtml(params[name] ?? whole));
}

function shell(lang: PageLang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;background:#eef1f5;color:#1a1a1a}
main{max-width:32rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.5rem 0 1rem}
.note{color:#444;font-size:.95rem}
fieldset{border:1px solid #b8c2cc;border-radius:8px;margin:1rem 0;padding:.75rem;background:#fff}
legend{font-weight:600;padding:0 .25rem}
label.choice{display:flex;gap:.5rem;align-items:center;min-height:44px}
ul{list-style:none;margin:0;padding:0;display:grid;gap:.5rem}
button{font:inherit;min-height:48px;padding:.5rem 1rem;border-radius:8px;border:1px solid #0a4a94;background:#0a4a94;color:#fff;cursor:pointer;width:100%;text-align:left}
button.person{background:#fff;color:#0a4a94}
button.quiet{background:transparent;color:#0a4a94;text-align:center}
button:focus-visible,input:focus-visible{outline:3px solid #f4b400;outline-offset:2px}
input[type=text]{font:inherit;min-height:44px;width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #67737f;border-radius:8px;margin:.25rem 0 .5rem}
.error{color:#8a1010;background:#fde8e8;border-radius:8px;padding:.75rem}
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/** What the "choose a person" page shows. */
export interface LoginPageOptions {
  lang: PageLang;
  /** Where the form posts the choice. */
  action: string;
  /** Where "cancel" posts. */
  abortAction: string;
  clientName: string;
  people: readonly OfferedPerson[];
  /** The method to preselect. Default Profil Zaufany. */
  method?: LoginMethod['id'];
  /** Set when the typed PESEL is not in the register. */
  unknownPesel?: boolean;
}

/** The "choose a person" page. */
export function loginPage(options: LoginPageOptions): string {
  const w = words[options.lang];
  const selected = options.method ?? 'pz';
  const methods = loginMethods
    .map(
      (m) => `<label class="choice"><input type="radio" name="method" value="${m.id}"
  data-testid="idp-method-${m.id}"${m.id === selected ? ' checked' : ''}> ${escapeHtml(methodLabels[options.lang][m.id])}</label>`,
    )
    .join('\n');
  const people = options.people
    .map(
      (
        p,
        i,
      ) => `<li><button class="person" type="submit" name="pesel" value="${escapeHtml(p.pesel)}"
  data-testid="idp-person-${i}">${escapeHtml(`${p.givenNames} ${p.familyName}`)}<br><small>${fill(w.pesel, { pesel: p.pesel })}</small></button></li>`,
    )
    .join('\n');
  return shell(
    options.lang,
    w.title,
    `<h1>${escapeHtml(w.title)}</h1>
<p class="note">${escapeHtml(w.intro)}</p>
<p>${fill(w.client, { client: options.clientName })}</p>
${options.unknownPesel ? `<p class="error" role="alert" data-testid="idp-error">${escapeHtml(w.unknown)}</p>` : ''}
<form method="post" action="${escapeHtml(options.action)}">
<fieldset><legend>${escapeHtml(w.method)}</legend>
${methods}
</fieldset>
<fieldset><legend>${escapeHtml(w.people)}</legend>
<ul>
${people}
</ul>
</fieldset>
<fieldset><legend>${escapeHtml(w.typed)}</legend>
<label for="typed">PESEL</label>
<input id="typed" type="text" name="typed" inputmode="numeric" autocomplete="off" maxlength="11" data-testid="idp-typed">
<button type="submit" name="use" value="typed" data-testid="idp-typed-submit">${escapeHtml(w.typedSubmit)}</button>
</fieldset>
</form>
<form method="post" action="${escapeHtml(options.abortAction)}">
<button class="quiet" type="submit" data-testid="idp-cancel">${escapeHtml(w.cancel)}</button>
</form>`,
  );
}

/** An error page (an expired interaction, a bad request to the provider). */
export function errorPage(lang: PageLang, facts: Record<string, string>): string {
  const w = words[lang];
  const rows = Object.entries(facts)
    .map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong>: ${escapeHtml(v)}</p>`)
    .join('\n');
  return shell(lang, w.errorTitle, `<h1>${escapeHtml(w.errorTitle)}</h1>\n${rows}`);
}

/** The RP-initiated logout question; `form` is the provider's hidden form. */
export function logoutPage(lang: PageLang, form: string): string {
  const w = words[lang];
  return shell(
    lang,
    w.logoutTitle,
    `<h1>${escapeHtml(w.logoutTitle)}</h1>
${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout" data-testid="idp-logout-yes">${escapeHtml(w.logoutYes)}</button>
<p></p>
<button class="quiet" type="submit" form="op.logoutForm">${escapeHtml(w.logoutNo)}</button>`,
  );
}

/** After a logout with nowhere to return to. */
export function loggedOutPage(lang: PageLang): string {
  const w = words[lang];
  return shell(lang, w.loggedOut, `<h1>${escapeHtml(w.loggedOut)}</h1>`);
}
