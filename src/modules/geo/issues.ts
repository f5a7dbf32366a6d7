/**
 * Problems found in geometry are data, not text: a locale key plus parameters, so the import screen,
 * the API and the CLI render them in the user's language (`t(locale, issue.code, issue.params)`).
 */
export const geoIssueCodes = [
  'geo.invalidStructure',
  'geo.coordinateNotFinite',
  'geo.coordinateOutOfRange',
  'geo.unknownCrs',
  'geo.ringNotClosed',
  'geo.ringTooShort',
  'geo.ringZeroArea',
  'geo.ringSelfIntersects',
  'geo.holeOutsideShell',
  'geo.partsOverlap',
  'geo.zonesOverlap',
  'geo.notInsideParent',
  'geo.duplicateCode',
] as const;

export type GeoIssueCode = (typeof geoIssueCodes)[number];
export type GeoIssueParams = Record<string, string | number>;

export interface GeoIssue {
  code: GeoIssueCode;
  params: GeoIssueParams;
}

export function geoIssue(code: GeoIssueCode, params: GeoIssueParams = {}): GeoIssue {
  return { code, params };
}

/** Thrown where a caller cannot go on (a lookup with a bad coordinate, an index built from bad data). */
export class GeoError extends Error {
  readonly code: GeoIssueCode;
  readonly params: GeoIssueParams;

  constructor(code: GeoIssueCode, params: GeoIssueParams = {}) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'GeoError';
    this.code = code;
    this.params = params;
  }

  get issue(): GeoIssue {
    return { code: this.code, params: this.params };
  }
}

/** Coordinates in messages: 7 decimals is ~1 cm, enough to find the spot on a map. */
export function roundCoord(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}
