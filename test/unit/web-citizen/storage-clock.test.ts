/**
 * What the app keeps (only the device credential and the language, never request data) and the
 * hub-clock correction of the countdown.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { msUntil, sampleServerDate, serverNow } from '../../../web-citizen/src/clock.js';
import { loadDevice, loadLang, saveDevice, saveLang } from '../../../web-citizen/src/storage.js';

function fakeStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, String(v)),
  };
}

describe('storage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('[A3] keeps only the device id and token, and the language', () => {
    const storage = fakeStorage();
    vi.stubGlobal('localStorage', storage);
    saveDevice({ deviceId: 'd_1', deviceToken: 'tok', extra: 'claims' } as never);
    saveLang('en');
    expect(loadDevice()).toEqual({ deviceId: 'd_1', deviceToken: 'tok' });
    expect(loadLang()).toBe('en');
    expect(storage.length).toBe(2);
    for (let i = 0; i < storage.length; i++) {
      expect(storage.getItem(storage.key(i)!)).not.toContain('claims');
    }
    saveDevice(null);
    expect(loadDevice()).toBeNull();
    expect(storage.length).toBe(1);
  });

  it('survives damaged entries and missing storage', () => {
    const storage = fakeStorage();
    vi.stubGlobal('localStorage', storage);
    storage.setItem('mdok.citizen.device', '{not json');
    storage.setItem('mdok.citizen.lang', 'de');
    expect(loadDevice()).toBeNull();
    expect(loadLang()).toBeNull();
    vi.stubGlobal('localStorage', undefined);
    expect(loadDevice()).toBeNull();
    expect(() => saveLang('pl')).not.toThrow();
  });
});

describe('clock', () => {
  afterEach(() => sampleServerDate(new Date().toUTCString(), Date.now(), Date.now()));

  it('[S3] follows the hub clock when the phone is minutes off, ignores sub-second noise', () => {
    const now = Date.now();
    sampleServerDate(new Date(now + 5 * 60_000).toUTCString(), now, now);
    expect(serverNow() - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(msUntil(new Date(now + 6 * 60_000).toISOString())).toBeLessThan(61_500);
    sampleServerDate(new Date(now).toUTCString(), now, now + 200);
    expect(Math.abs(serverNow() - Date.now())).toBeLessThan(5);
    sampleServerDate('garbage', now, now);
    expect(Math.abs(serverNow() - Date.now())).toBeLessThan(5);
    expect(msUntil('not a date')).toBe(0);
  });
});
