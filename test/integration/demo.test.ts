import { describe, expect, it } from 'vitest';
import { runDemo } from '../../scripts/demo.js';

describe('npm run demo', () => {
  it('[F1–F5, S5, H2] plays every flow end to end over real sockets and HTTP', async () => {
    const lines: string[] = [];
    const result = await runDemo({ write: (line) => lines.push(line), displaySeconds: 1 });

    expect(result.flows).toEqual([
      { flow: 'F1 code', outcome: 'delivered then expired' },
      { flow: 'F2 push', outcome: 'delivered' },
      { flow: 'F3 otp', outcome: 'delivered' },
      { flow: 'F4 peer', outcome: 'delivered' },
      { flow: 'F5 privileged', outcome: 'delivered' },
      { flow: 'reject', outcome: 'rejected' },
      { flow: 'cancel', outcome: 'cancelled' },
    ]);
    const output = lines.join('\n');
    expect(output).toMatch(/signature verified, kid \S+/);
    expect(output).toContain('data wiped from the screen');
    expect(output).toContain('← 410 gone');
    expect(output).toContain('code_invalid');
    expect(output).toContain('kind citizen');
    expect(output).toContain('not a verified institution');
    expect(output).toContain('podstawa prawna (legal basis)');
    expect(output).toMatch(/chain ok, 7 events/);
    expect(output).toContain('All data below is synthetic');
    // Plain text when colours are off; no API key (`mdok_<id>_<secret>`) or token (JOSE) shown.
    expect(output).not.toContain('\x1b[');
    expect(output).not.toMatch(/mdok_\w+_/);
    expect(output).not.toContain('eyJ');
  }, 10_000);
});
