/** The in-memory webhook outbox against the outbox contract (one process: peer = itself). */
import { createMemoryWebhookOutbox } from '../../../adapters/webhooks/index.js';
import { describeWebhookOutbox } from '../../contracts/webhook-outbox.contract.js';

describeWebhookOutbox('memory', async () => ({
  outbox: createMemoryWebhookOutbox(),
  cleanup: async () => {},
}));
