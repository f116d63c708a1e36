/**
 * Unit tests of the console SMS gateway (PRODUCT F3, §7 dev mode): it prints each message, keeps
 * the newest few per phone in an outbox (newest last), and matches phones however written.
 */
import { describe, expect, it } from 'vitest';
import { createConsoleSmsGateway } from '../../../adapters/sms/index.js';

describe('console SMS gateway', () => {
  it('[F3] prints each message and keeps it in the phone outbox', async () => {
    const lines: string[] = [];
    const sms = createConsoleSmsGateway({
      print: (line) => lines.push(line),
      now: () => new Date('2025-01-01T10:00:00.000Z'),
    });
    await sms.send('+48600100200', 'Kod 123456 dla: Urząd Miasta');
    expect(lines).toEqual(['[sms] to +48600100200: Kod 123456 dla: Urząd Miasta']);
    expect(sms.outbox('+48600100200')).toEqual([
      { to: '+48600100200', text: 'Kod 123456 dla: Urząd Miasta', at: '2025-01-01T10:00:00.000Z' },
    ]);
    expect(sms.outbox('+48600100201')).toEqual([]);
  });

  it('[F3] keeps only the newest messages per phone, newest last', async () => {
    const sms = createConsoleSmsGateway({ print: () => {}, keep: 3 });
    for (let i = 1; i <= 5; i++) await sms.send('+48600100200', `m${i}`);
    await sms.send('+48600100201', 'other');
    expect(sms.outbox('+48600100200').map((m) => m.text)).toEqual(['m3', 'm4', 'm5']);
    expect(sms.outbox('+48600100201').map((m) => m.text)).toEqual(['other']);
  });

  it('[F3] matches a phone written without the country code or with spaces', async () => {
    const sms = createConsoleSmsGateway({ print: () => {} });
    await sms.send('+48600100200', 'hello');
    expect(sms.outbox('600 100 200').map((m) => m.text)).toEqual(['hello']);
    expect(sms.outbox('0048600100200').map((m) => m.text)).toEqual(['hello']);
  });

  it('[F3] the outbox is a copy', async () => {
    const sms = createConsoleSmsGateway({ print: () => {} });
    await sms.send('+48600100200', 'hello');
    const outbox = sms.outbox('+48600100200');
    outbox.pop();
    expect(sms.outbox('+48600100200')).toHaveLength(1);
  });

  it('[F3] defaults to console.log and stamps the current time', async () => {
    const logged: unknown[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => void logged.push(args.join(' '));
    try {
      const sms = createConsoleSmsGateway();
      const before = Date.now();
      await sms.send('+48600100200', 'hi');
      const [message] = sms.outbox('+48600100200');
      expect(Date.parse(message?.at ?? '')).toBeGreaterThanOrEqual(before - 1);
    } finally {
      console.log = original;
    }
    expect(logged).toEqual(['[sms] to +48600100200: hi']);
  });
});
