/**
 * The dev-mode API reference page (`/docs`): one self-contained HTML page whose inline script
 * fetches `/openapi.json` and lists every operation by tag — method, path, summary, who may call
 * it, parameters, body and answers with their JSON Schemas. Nothing is loaded from elsewhere (the
 * hub runs offline in dev mode), and the script writes text nodes only, never HTML.
 */

const script = `
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
};
const schemaBlock = (label, schema) =>
  el('details', {}, el('summary', {}, label), el('pre', {}, JSON.stringify(schema, null, 2)));
fetch('/openapi.json').then((res) => res.json()).then((doc) => {
  const root = document.getElementById('ops');
  document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
  document.getElementById('about').textContent = doc.info.description;
  for (const tag of doc.tags) {
    const section = el('section', {}, el('h2', {}, tag.name), el('p', {}, tag.description));
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.tags.includes(tag.name)) continue;
        const who = op.security.length === 0 ? 'anyone' :
          op.security.map((s) => Object.keys(s)[0]).join(' or ');
        const card = el('article', { id: op.operationId },
          el('h3', {}, el('span', { class: 'm ' + method }, method.toUpperCase()), ' ',
            el('code', {}, path)),
          el('p', {}, op.summary), el('p', { class: 'who' }, 'Credential: ' + who));
        if (op.description) card.append(el('p', {}, op.description));
        for (const p of op.parameters ?? []) {
          card.append(schemaBlock(p.in + ' parameter ' + p.name + (p.required ? '' : ' (optional)'), p.schema));
        }
        if (op.requestBody) {
          card.append(schemaBlock('Body', op.requestBody.content['application/json'].schema));
        }
        for (const [status, answer] of Object.entries(op.responses)) {
          const content = answer.content ? Object.values(answer.content)[0] : undefined;
          card.append(schemaBlock(status + ' — ' + answer.description, content ? content.schema : {}));
        }
        section.append(card);
      }
    }
    root.append(section);
  }
}).catch((error) => {
  document.getElementById('ops').textContent = 'Cannot read /openapi.json: ' + error;
});
`;

const style = `
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
  color: #1b1f24; }
article { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.5rem 1rem; margin: 0.75rem 0; }
h3 { font-size: 1rem; margin: 0.5rem 0; }
.m { display: inline-block; min-width: 4rem; font-family: monospace; font-weight: bold; }
.get { color: #0a5c2f; } .post { color: #0b4a8b; } .delete { color: #8b0b0b; }
.patch, .put { color: #6b4e00; }
.who { color: #57606a; font-size: 0.9rem; }
pre { background: #f6f8fa; padding: 0.5rem; overflow: auto; font-size: 0.8rem; }
summary { cursor: pointer; }
`;

/** The page's HTML. */
export function docsPageHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mDok Hub API</title><style>${style}</style></head>
<body><h1 id="title">mDok Hub API</h1>
<p id="about"></p>
<p>The document itself: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<main id="ops"></main>
<script type="module">${script}</script>
</body></html>`;
}
