export type UnitKind = 'province' | 'city' | 'county' | 'street' | 'community' | 'grid' | 'microGrid';

export interface DemoUnit {
  code: string;
  kind: UnitKind;
  name: string;
  parentCode: string | null;
  /** GeoJSON Polygon coordinates, WGS-84 [lng, lat], closed counter-clockwise rings; on community, grid and microGrid. */
  polygon?: number[][][];
}

export interface DemoBuilding {
  code: string;
  microGridCode: string;
  /** The estate (小区), or for a village the natural village (自然村). */
  estate: string;
  name: string;
  lng: number;
  lat: number;
  floors: number;
  /** Stairwells (单元); empty for a village house, which has none. */
  stairwells: string[];
}

export interface DemoHousehold {
  code: string;
  buildingCode: string;
  /** One of the building's stairwells; '' for a village house. */
  stairwell: string;
  /** Room number such as '302'; '' for a village house (the house is the household). */
  room: string;
  /** Floor area in integer hundredths of a square metre. */
  floorAreaCenti: number;
}

export interface DemoResident {
  householdCode: string;
  name: string;
  idNumber: string;
  phone: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: 'M' | 'F';
  householdRole: 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'sibling' | 'other';
  residency: 'local' | 'newResident';
  /** Codes of `DemoData.tags`. */
  tags: string[];
}

export type TeamRole =
  | 'partyMember'
  | 'gridWorker'
  | 'volunteer'
  | 'socialWorker'
  | 'propertyManager'
  | 'owner'
  | 'gridLeader'
  | 'microGridLeader'
  | 'buildingSteward';

export interface DemoTeamMember {
  /** A grid or micro-grid code. */
  unitCode: string;
  role: TeamRole;
  name: string;
  phone: string;
  /** For a buildingSteward. */
  buildingCode?: string;
  /** When the member is a resident in the data. */
  residentIdNumber?: string;
}

export type AccountRole =
  | 'countyCentre'
  | 'streetStaff'
  | 'communityStaff'
  | 'gridWorker'
  | 'gridLeader'
  | 'microGridLeader'
  | 'propertyManager'
  | 'volunteer'
  | 'resident';

export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  role: AccountRole;
  /** The tree node the role is bound to; for a resident, their household code. */
  unitCode: string;
}

export interface DemoTag {
  code: string;
  zh: string;
  en: string;
}

export interface DemoData {
  seed: number;
  tags: DemoTag[];
  units: DemoUnit[];
  buildings: DemoBuilding[];
  households: DemoHousehold[];
  residents: DemoResident[];
  team: DemoTeamMember[];
  accounts: DemoAccount[];
}

export interface DemoOptions {
  seed?: number;
  /** Multiplies the number of buildings and grids; 1 gives about 3,500 households. */
  scale?: number;
}
