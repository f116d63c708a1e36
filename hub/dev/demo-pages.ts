/**
 * Demo host pages of the embedded default (issue: "a bank branch page and a municipal office
 * page, each embedding the widget"): plain HTML as an institution would write it, with one
 * script tag for `<mdok-verify>` and a button row that asks the page's own backend (the demo
 * route) for a widget token. Polish by default, English switchable.
 */

/** What a demo page shows. */
export interface DemoPage {
  handle: 'bank' | 'office';
  title: string;
  subtitle: string;
  accent: string;
  /** Flows the page offers, in order. */
  flows: Array<'code' | 'push' | 'otp'>;
}

/** The two demo institutions. */
export const demoPages: Readonly<Record<'bank' | 'office', DemoPage>> = {
  bank: {
    handle: 'bank',
    title: 'Bank Przykładowy S.A.',
    subtitle: 'Oddział Kraków Rynek Główny — stanowisko obsługi klienta',
    accent: '#0b5394',
    flows: ['code', 'push', 'otp'],
  },
  office: {
    handle: 'office',
    title: 'Urząd Miasta Krakowa',
    subtitle: 'Wydział Spraw Obywatelskich — okienko nr 3',
    accent: '#8a1c1c',
    flows: ['code', 'push', 'otp'],
  },
};

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The HTML of a demo page. */
export function demoPageHtml(page: DemoPage): string {
  const label = {
    code: ['Kod QR (F1)', 'QR code (F1)'],
    push: ['Powiadomienie (F2)', 'Push (F2)'],
    otp: ['Kod SMS (F3)', 'SMS code (F3)'],
  } as const;
  const buttons = page.flows
    .map(
      (flow) =>
        `<button type="button" data-flow="${flow}" data-pl="${label[flow][0]}" data-en="${label[flow][1]}">${label[flow][0]}</button>`,
    )
    .join('\n        ');
  return `<!doctype html>
<html lang="pl">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escape(page.title)} — weryfikacja tożsamości (demo)</title>
    <style>
      :root { font-family: system-ui, sans-serif; color: #1d1d1f; background: #f4f5f7; }
      body { margin: 0; }
      header { background: ${page.accent}; color: #fff; padding: 1rem 1.5rem; }
      header h1 { margin: 0; font-size: 1.4rem; }
      header p { margin: 0.25rem 0 0; }
      main { max-width: 960px; margin: 1.5rem auto; padding: 0 1rem; display: grid; gap: 1rem;
        grid-template-columns: minmax(0, 1fr); }
      .panel { background: #fff; border-radius: 12px; padding: 1rem 1.25rem; box-shadow: 0 1px 3px #0002; }
      .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
      button { font: inherit; padding: 0.6rem 1rem; border-radius: 8px; border: 2px solid ${page.accent};
        background: #fff; color: ${page.accent}; cursor: pointer; }
      button:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
      .note { color: #4a4a4f; font-size: 0.9rem; }
      mdok-verify { --mdok-accent: ${page.accent}; }
      #log { font-family: ui-monospace, monospace; font-size: 0.8rem; max-height: 12rem; overflow: auto; margin: 0;
        white-space: pre-wrap; overflow-wrap: anywhere; }
    </style>
  </head>
  <body>
    <header>
      <h1>${escape(page.title)}</h1>
      <p>${escape(page.subtitle)}</p>
    </header>
    <main>
      <section class="panel" aria-labelledby="start-title">
        <h2 id="start-title" data-pl="Nowa weryfikacja tożsamości" data-en="New identity check">Nowa weryfikacja tożsamości</h2>
        <div class="actions">
        ${buttons}
          <button type="button" id="lang" title="English / Polski">EN</button>
        </div>
        <p class="note" data-pl="Strona demonstracyjna: dane pochodzą z syntetycznego rejestru." data-en="Demo page: data comes from the synthetic register.">Strona demonstracyjna: dane pochodzą z syntetycznego rejestru.</p>
      </section>
      <section class="panel" aria-label="mDok">
        <div id="widget-slot"></div>
      </section>
      <section class="panel" aria-labelledby="log-title">
        <h2 id="log-title" data-pl="Zdarzenia widżetu (dla integratora)" data-en="Widget events (for the integrator)">Zdarzenia widżetu (dla integratora)</h2>
        <pre id="log" tabindex="0" aria-labelledby="log-title" aria-live="off"></pre>
      </section>
    </main>
    <script type="module" src="/widget/mdok-verify.js"></script>
    <script type="module">
      let lang = 'pl';
      const slot = document.getElementById('widget-slot');
      const log = document.getElementById('log');
      const note = (line) => { log.textContent += new Date().toLocaleTimeString() + '  ' + line + '\\n'; };
      document.getElementById('lang').addEventListener('click', (e) => {
        lang = lang === 'pl' ? 'en' : 'pl';
        document.documentElement.lang = lang;
        e.currentTarget.textContent = lang === 'pl' ? 'EN' : 'PL';
        for (const el of document.querySelectorAll('[data-pl]')) el.textContent = el.dataset[lang];
        const widget = slot.querySelector('mdok-verify');
        if (widget) widget.setAttribute('lang', lang);
      });
      for (const button of document.querySelectorAll('button[data-flow]')) {
        button.addEventListener('click', async () => {
          // The page's own backend creates the session with its API key; the page gets a widget token only.
          const res = await fetch('/demo/${page.handle}/sessions', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ flow: button.dataset.flow }),
          });
          const body = await res.json();
          if (!res.ok) { note('error: ' + JSON.stringify(body)); return; }
          note('session ' + body.sessionId + ' (' + button.dataset.flow + ')');
          const widget = document.createElement('mdok-verify');
          widget.setAttribute('token', body.widgetToken);
          widget.setAttribute('lang', lang);
          for (const type of ['mdok-state', 'mdok-verified', 'mdok-expired', 'mdok-error']) {
            widget.addEventListener(type, (event) => {
              const detail = type === 'mdok-verified' ? { sessionId: event.detail.sessionId } : event.detail;
              note(type + ' ' + JSON.stringify(detail));
            });
          }
          slot.replaceChildren(widget);
        });
      }
    </script>
  </body>
</html>`;
}
