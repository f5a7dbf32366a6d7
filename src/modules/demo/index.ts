export { defaultSeed, generateDemo } from './generate.ts';
export { referenceDate } from './residents.ts';
export { demoPassword } from './team.ts';
export type {
  AccountRole,
  DemoAccount,
  DemoBuilding,
  DemoData,
  DemoHousehold,
  DemoOptions,
  DemoResident,
  DemoTag,
  DemoTeamMember,
  DemoUnit,
  TeamRole,
  UnitKind,
} from './types.ts';
