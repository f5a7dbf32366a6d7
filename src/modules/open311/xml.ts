/**
 * The two GeoReport v2 formats from one value. XML has no arrays, so each array is written as repeated
 * elements named by `itemNames` (`services` → `service`, `attributes` → `attribute` …).
 */
export type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

export const itemNames: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
  service_requests: 'request',
  service_request_updates: 'request_update',
};

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// Characters XML 1.0 cannot carry at all are dropped rather than breaking the document.
const escapeXml = (text: string) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => escapes[c]!);

function element(name: string, value: Value): string {
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = itemNames[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function toXml(root: string, value: Value): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value)}`;
}

/** JSON drops the root element; absent values are null, as the specification's examples show. */
export function toJson(value: Value): string {
  return JSON.stringify(value, (_k, v: unknown) => (v === undefined ? null : v));
}

/** ISO 8601 with an offset, in China Standard Time (no daylight saving): 2026-11-22T13:40:11+08:00. */
export function isoOffset(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A W3C date-time (the subset of ISO 8601 the specification names); a bare date is midnight UTC. */
export function parseW3cDate(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(text);
  if (!m) return null;
  // Date.parse rolls 2010-02-30 over to March; the specification's dates are real calendar days.
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  const ms = Date.parse(m[4] ? text : `${text}T00:00:00Z`);
  return Number.isNaN(ms) ? null : new Date(ms);
}
