import type { Transaction } from 'kysely';
import type { AnyDB } from '../../../core/db/database.ts';

/** Why a resident left the active roster (迁出, 死亡注销). */
export type DepartureReason = 'movedOut' | 'deceased';

/** Where a resident lives after the change, as other modules keep a copy of it. */
export interface ResidentPlace {
  residentId: string;
  name: string;
  /** The household's path in the tree (ends in `/`). */
  path: string;
  householdCode: string;
  buildingCode: string;
  /** Estate, building, stairwell and room, joined as the roster shows them. */
  address: string;
  /** The building's position (WGS-84), null when the roster has none: where visits and responders go. */
  home: { lng: number; lat: number } | null;
}

/** What other modules hear of a change to the roster (decision 0148). */
export type RosterChange =
  | ({ kind: 'departed'; reason: DepartureReason; on: string } & ResidentPlace)
  | ({ kind: 'moved'; fromPath: string } & ResidentPlace)
  | ({ kind: 'renamed'; formerName: string } & ResidentPlace);

/**
 * Called inside the transaction of the change, with it: what the listener writes commits or rolls back with
 * the change, and a listener that throws rolls the change back.
 */
export type RosterChangeListener = (change: RosterChange, trx: Transaction<AnyDB>) => Promise<void>;

/** The listeners of one roster module. */
export class RosterEvents {
  private readonly listeners: RosterChangeListener[] = [];

  on(listener: RosterChangeListener): void {
    this.listeners.push(listener);
  }

  async emit(change: RosterChange, trx: Transaction<AnyDB>): Promise<void> {
    for (const listener of this.listeners) await listener(change, trx);
  }
}
