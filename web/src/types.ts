/** Shapes of the API's answers, as the console reads them. */
export interface Binding {
  role: string;
  scopePath: string;
  scopeCode: string;
  scopeName: string;
  capabilities: string[];
}

export interface Me {
  accountId: string;
  username: string;
  displayName: string;
  bindings: Binding[];
}

export type UnitKind = 'province' | 'city' | 'county' | 'street' | 'community' | 'grid' | 'microGrid';

export interface Unit {
  id: string;
  code: string;
  kind: UnitKind;
  name: string;
  path: string;
  childCount?: number;
}

export interface TeamMember {
  role: string;
  name: string;
  phone: string | null;
  buildingCode?: string | null;
}

export interface UnitDetail extends Unit {
  ancestors: Unit[];
  children: Unit[];
  team: TeamMember[];
}

export interface Building {
  id: string;
  code: string;
  estate: string;
  name: string;
  lng: number;
  lat: number;
  floors: number | null;
  households: number;
}

export interface Household {
  code: string;
  stairwell: string;
  room: string;
  floor_area_centi: number | null;
  residents: number;
  /** The active head's name; null when the household has none. */
  head: string | null;
}

export interface HouseholdList {
  building: { code: string; name: string; estate: string; lng: number; lat: number };
  items: Household[];
}

export interface Resident {
  id: string;
  name: string;
  idNumber: string;
  phone: string | null;
  masked: boolean;
  birthDate: string | null;
  age: number | null;
  gender: string | null;
  householdRole: string;
  residency: string;
  tags: string[];
  status: ResidentStatus;
  /** YYYY-MM-DD, when the resident moved away or died. */
  departedOn: string | null;
  household: { code: string; room: string; stairwell: string; building: string; buildingCode: string; estate: string; floorAreaCenti: number | null };
}

export type ResidentStatus = 'active' | 'movedOut' | 'deceased';

/** One line of a resident's or household's history (decision 0148): field by field, from → to, newest first. */
export interface RosterChange {
  id: number | string;
  kind: 'added' | 'edited' | 'departed' | 'returned' | 'moved';
  fields: Record<string, { from: unknown; to: unknown }>;
  note: string | null;
  username: string | null;
  at: string;
}

export interface ResidentDetail extends Resident {
  departureNote: string | null;
  changes: RosterChange[];
  mayEdit: boolean;
}

export interface HouseholdDetail {
  code: string;
  path: string;
  stairwell: string;
  room: string;
  floorAreaCenti: number | null;
  building: { code: string; name: string; estate: string; lng: number; lat: number };
  /** The active head's resident id, or null when the household has none. */
  head: string | null;
  members: Resident[];
  departed: Resident[];
  changes: RosterChange[];
  mayEdit: boolean;
}

export interface ResidentPage {
  total: number;
  items: Resident[];
}

export interface Tag {
  code: string;
  zh: string;
  en: string;
}

export interface LocateAnswer {
  status: 'inside' | 'border' | 'outside';
  grid: string | null;
  microGrid: string | null;
  nearestGrid: string | null;
  chain: { code: string; kind: string; name: string }[];
}

export interface AuditEntry {
  id: number;
  at: string;
  username: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  scopePath: string | null;
  detail: unknown;
  ip: string | null;
}
