import type { Selectable } from 'kysely';
import { within, type Principal } from '../../access/index.ts';
import { canDecide, residentHouseholds } from '../policy.ts';
import type { VotesTables } from './tables.ts';

type Motion = Pick<Selectable<VotesTables['motions']>, 'scope_path' | 'state' | 'announced_at'>;

/** Announced motions (and what became of them) are public: text, roll labels and, once closed, the result. */
export const isPublished = (m: Motion) => m.announced_at !== null;

export { residentHouseholds };

export const canManage = (p: Principal | null, m: Motion) => p !== null && canDecide(p, 'manage', m.scope_path);
export const canCollect = (p: Principal | null, m: Motion) => p !== null && canDecide(p, 'collect', m.scope_path);
/** Staff of the motion's subtree read drafts and the list of who has voted. */
export const canReadAsStaff = (p: Principal | null, m: Motion) => p !== null && canDecide(p, 'read', m.scope_path);
/** A resident sees the published motions whose scope contains their household. */
export const concernsResident = (p: Principal | null, m: Motion) => isPublished(m) && residentHouseholds(p).some((h) => within(h, m.scope_path));
export const canRead = (p: Principal | null, m: Motion) => isPublished(m) || canReadAsStaff(p, m);
