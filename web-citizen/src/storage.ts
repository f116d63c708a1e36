/**
 * The only two things the app keeps in the browser: this device's credential (as a real app
 * keeps its device key) and the chosen language. Never a request, a claim, a history entry or
 * the citizen token: those live in memory and are gone when the page goes. Storage may be
 * unavailable (private mode, blocked): then the app simply forgets on reload.
 */
import type { Lang } from './i18n.js';

const DEVICE_KEY = 'mdok.citizen.device';
const LANG_KEY = 'mdok.citizen.lang';

/** This device's credential, from `POST /v1/citizen/activation`. */
export interface DeviceCredential {
  deviceId: string;
  deviceToken: string;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The stored device credential, or null. */
export function loadDevice(): DeviceCredential | null {
  try {
    const raw = storage()?.getItem(DEVICE_KEY);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as DeviceCredential).deviceId === 'string' &&
      typeof (parsed as DeviceCredential).deviceToken === 'string'
    ) {
      const { deviceId, deviceToken } = parsed as DeviceCredential;
      return { deviceId, deviceToken };
    }
  } catch {
    // A damaged entry is as good as none.
  }
  return null;
}

/** Stores the device credential, or forgets it with `null`. */
export function saveDevice(device: DeviceCredential | null): void {
  try {
    if (device) {
      storage()?.setItem(
        DEVICE_KEY,
        JSON.stringify({ deviceId: device.deviceId, deviceToken: device.deviceToken }),
      );
    } else storage()?.removeItem(DEVICE_KEY);
  } catch {
    // Nothing to do: the app works for this page's life.
  }
}

/** The stored language, or null when none was chosen. */
export function loadLang(): Lang | null {
  try {
    const raw = storage()?.getItem(LANG_KEY);
    return raw === 'pl' || raw === 'en' ? raw : null;
  } catch {
    return null;
  }
}

/** Stores the chosen language. */
export function saveLang(lang: Lang): void {
  try {
    storage()?.setItem(LANG_KEY, lang);
  } catch {
    // Nothing to do.
  }
}
