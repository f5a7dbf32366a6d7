/** Account roles (DOMAIN.md). Each is bound to a node of the tree and reaches only its subtree. */
export const roles = [
  'admin',
  'countyCentre',
  'streetStaff',
  'communityStaff',
  'gridLeader',
  'gridWorker',
  'microGridLeader',
  'buildingSteward',
  'partyMember',
  'volunteer',
  'socialWorker',
  'propertyManager',
  'ownersCommittee',
  'mediator',
  'resident',
] as const;
export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export type Capability =
  | 'tree.read'
  | 'tree.edit'
  | 'roster.read'
  | 'roster.unmask'
  | 'roster.edit'
  | 'roster.import'
  | 'roster.export'
  | 'audit.read'
  | 'accounts.manage'
  | 'tokens.create'
  | 'settings.manage';

const staff: Capability[] = ['tree.read', 'roster.read', 'roster.unmask', 'roster.edit', 'roster.import', 'roster.export', 'tokens.create'];

/** What each role may do within its scope. Data, so it can be listed in the console and documented. */
export const capabilitiesByRole: Record<Role, readonly Capability[]> = {
  admin: ['tree.read', 'tree.edit', 'roster.read', 'audit.read', 'accounts.manage', 'tokens.create', 'settings.manage'],
  countyCentre: [...staff, 'tree.edit', 'audit.read', 'settings.manage', 'accounts.manage'],
  streetStaff: [...staff, 'tree.edit', 'accounts.manage'],
  communityStaff: [...staff, 'tree.edit', 'accounts.manage'],
  gridLeader: staff,
  gridWorker: staff,
  microGridLeader: ['tree.read', 'roster.read'],
  buildingSteward: ['tree.read', 'roster.read'],
  partyMember: ['tree.read'],
  volunteer: ['tree.read'],
  socialWorker: ['tree.read', 'roster.read'],
  propertyManager: ['tree.read'],
  ownersCommittee: ['tree.read'],
  mediator: ['tree.read'],
  // A resident reads their own household (the binding's scope is the household), unmasked.
  resident: ['roster.read', 'roster.unmask'],
};
