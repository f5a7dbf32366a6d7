import type { DemoTag } from './types.ts';

/**
 * Roster tags. The Chinese labels are data the loader writes into the configurable tag table, so they
 * sit here beside their codes rather than in a locale file.
 */
export const demoTags = [
  { code: 'livingAlone', zh: '独居老人', en: 'Elderly living alone' },
  { code: 'advancedAge', zh: '高龄', en: 'Advanced age (80+)' },
  { code: 'emptyNest', zh: '空巢', en: 'Empty nest' },
  { code: 'hardship', zh: '困难家庭', en: 'Household in hardship' },
  { code: 'disabled', zh: '残疾', en: 'Disabled' },
  { code: 'child', zh: '儿童', en: 'Child (under 18)' },
  { code: 'partyMember', zh: '党员', en: 'Party member' },
  { code: 'sosWristband', zh: '智能手环', en: 'Wears an SOS wristband' },
] as const satisfies readonly DemoTag[];

export type TagCode = (typeof demoTags)[number]['code'];

export const tagOrder: readonly TagCode[] = demoTags.map((t) => t.code);
