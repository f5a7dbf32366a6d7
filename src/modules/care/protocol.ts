import { createHash } from 'node:crypto';
import { isCrs, type Crs } from '../geo/index.ts';

export const eventTypes = ['alarm', 'fall', 'cancel', 'heartbeat', 'battery'] as const;
export type EventType = (typeof eventTypes)[number];

export interface DeviceEvent {
  messageId: string;
  type: EventType;
  /** When the device says it happened; the receive time when it did not say (see quirks). */
  at: Date;
  lng: number | null;
  lat: number | null;
  crs: Crs;
  battery: number | null;
  /** Tolerated deviations from docs/devices.md, kept with the event for the vendor conversation. */
  quirks: string[];
}

export type ParseResult = { ok: true; event: DeviceEvent } | { ok: false; reason: string };

/** Some vendors send numeric type codes (1 … 5), padded or not. */
const numericTypes: Record<string, EventType> = { '1': 'alarm', '2': 'fall', '3': 'cancel', '4': 'heartbeat', '5': 'battery' };
const typeAliases: Record<string, EventType> = { sos: 'alarm', press: 'alarm', hb: 'heartbeat', ping: 'heartbeat', lowbattery: 'battery' };

/**
 * Device ids are compared in one canonical form: trimmed, upper case, leading zeros dropped from
 * every run of digits — so `hb-0042`, `HB-42 ` and `HB-042` name the same wristband.
 */
export function canonicalDeviceId(raw: string): string {
  return raw.trim().toUpperCase().replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, ''));
}

function trimmed(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t === '' ? null : t;
}

function numberOf(value: unknown): number | null {
  const t = trimmed(value);
  if (t === null) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

function eventType(value: unknown): EventType | null {
  const t = trimmed(value)?.toLowerCase().replace(/[\s_-]/g, '');
  if (!t) return null;
  if ((eventTypes as readonly string[]).includes(t)) return t as EventType;
  if (/^\d+$/.test(t)) return numericTypes[String(Number(t))] ?? null;
  return typeAliases[t] ?? null;
}

/**
 * ISO 8601, tolerating fields that are not zero-padded (`2026-3-5T8:4:9Z`), a space for `T`, and no
 * zone (read as China time, +08:00, which is what the vendors mean).
 */
export function parseDeviceTime(value: string): Date | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(\.\d+)?)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?$/i.exec(value.trim());
  if (!m) return null;
  const p2 = (s: string | undefined) => (s ?? '0').padStart(2, '0');
  let zone = m[8]?.toUpperCase() ?? '+08:00';
  if (zone !== 'Z') {
    const z = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone)!;
    zone = `${z[1]}${p2(z[2])}:${z[3] ?? '00'}`;
  }
  const iso = `${m[1]}-${p2(m[2])}-${p2(m[3])}T${p2(m[4])}:${p2(m[5])}:${p2(m[6])}${m[7] ?? ''}${zone}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Parses one device message (MQTT payload or HTTPS body). Pure: `receivedAt` stands in for a missing `at`. */
export function parseDeviceMessage(payload: string | Uint8Array, receivedAt: Date): ParseResult {
  const text = (typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8')).replace(/^\uFEFF/, '').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'notJson' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'notAnObject' };
  // Keys with stray spaces or odd case (`" Type "`) are read like the documented ones.
  const fields = new Map(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k.trim().toLowerCase(), v]));
  const quirks: string[] = [];
  const type = eventType(fields.get('type'));
  if (!type) return { ok: false, reason: fields.has('type') ? 'unknownType' : 'missingType' };
  if (fields.get('type') !== type) quirks.push('typeSpelling');

  let messageId = trimmed(fields.get('id'));
  if (!messageId) {
    // A redelivered copy hashes alike, so it still makes one event.
    messageId = `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    quirks.push('missingId');
  }

  let at = receivedAt;
  const rawAt = trimmed(fields.get('at'));
  if (rawAt === null) quirks.push('missingAt');
  else {
    const parsed = /^\d{10,13}$/.test(rawAt) ? new Date(Number(rawAt) * (rawAt.length === 10 ? 1000 : 1)) : parseDeviceTime(rawAt);
    if (parsed) at = parsed;
    else quirks.push('badAt');
  }

  let crs: Crs = 'wgs84';
  const rawCrs = trimmed(fields.get('crs'))?.toLowerCase().replace(/[-_\s]/g, '');
  if (rawCrs) {
    if (isCrs(rawCrs)) crs = rawCrs;
    else quirks.push('unknownCrs');
  }
  let lng = numberOf(fields.get('lng') ?? fields.get('lon'));
  let lat = numberOf(fields.get('lat'));
  if ((lng === null) !== (lat === null) || (lng !== null && lat !== null && (Math.abs(lng) > 180 || Math.abs(lat) > 90 || (lng === 0 && lat === 0)))) {
    quirks.push('badPosition');
    lng = null;
    lat = null;
  }
  if (rawCrs && !isCrs(rawCrs) && lng !== null) {
    quirks.push('positionDropped');
    lng = null;
    lat = null;
  }
  let battery = numberOf(fields.get('battery'));
  if (battery !== null) {
    if (battery > 0 && battery <= 1) battery = Math.round(battery * 100);
    if (battery < 0 || battery > 100) {
      quirks.push('badBattery');
      battery = null;
    }
  }
  if (type === 'battery' && battery === null) return { ok: false, reason: 'batteryWithoutLevel' };
  return { ok: true, event: { messageId, type, at, lng, lat, crs, battery, quirks } };
}

/** The device id in `gongzhi/devices/{deviceId}/events`, or null for any other topic. */
export function deviceIdOfTopic(topic: string): string | null {
  const m = /^gongzhi\/devices\/([^/]+)\/events$/.exec(topic);
  return m ? decodeURIComponent(m[1]!) : null;
}
