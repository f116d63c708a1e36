/**
 * Prints fresh secrets for a deployment: `HUB_SECRET` (shared by every node), `SIGNING_KEY`
 * (ES256 private JWK for presentations), `ADMIN_TOKEN` and `METRICS_TOKEN` (the scraper's).
 */
import { randomBytes } from 'node:crypto';
import { newSigningJwkJson } from '../hub/security/hub-keys.js';

console.log(`HUB_SECRET=${randomBytes(32).toString('base64url')}`);
console.log(`SIGNING_KEY='${await newSigningJwkJson()}'`);
console.log(`ADMIN_TOKEN=${randomBytes(24).toString('base64url')}`);
console.log(`METRICS_TOKEN=${randomBytes(24).toString('base64url')}`);
