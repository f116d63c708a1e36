/**
 * Entry point of the citizen's phone app: defines `<mdok-citizen-app>` (which `index.html`
 * already contains), so the app starts as soon as this module runs.
 */
import './citizen-app.js';
