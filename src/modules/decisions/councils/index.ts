import type { Kysely } from 'kysely';
import { tablesOf } from '../../../core/db/database.ts';
import type { CoreContext, ModuleManifest } from '../../../core/module.ts';
import type { MotionsApi } from '../contracts.ts';
import type { DecisionsDeps } from '../index.ts';
import { councilRoutes } from './api/councils.routes.ts';
import { meetingRoutes } from './api/meetings.routes.ts';
import { publicCouncilRoutes } from './api/public.routes.ts';
import { MeetingHub } from './hub.ts';
import { MeetingService } from './meetings.ts';
import { MinutesService } from './minutes.ts';
import { attendeesRoll, bodyRoll } from './roll.ts';
import { CouncilService } from './service.ts';
import type { CouncilTables } from './tables.ts';

/**
 * Councils and meetings (议事会、建言堂、业主大会 …): members, seats and terms; meetings with notice,
 * QR check-in and a live quorum; items put to the vote through the MotionsApi; minutes and a calendar.
 * Resolves the 'body' and 'attendees' rolls for motions.
 */
export function createCouncilsPart(core: CoreContext, deps: DecisionsDeps & { motions: MotionsApi }) {
  const db = tablesOf<CouncilTables>(core.db);
  const hub = new MeetingHub();
  const councils = new CouncilService(db, deps.tree, deps.roster);
  const meetings = new MeetingService(db, councils, deps.motions, hub);
  const minutes = new MinutesService(db, meetings);
  deps.motions.registerRoll('body', bodyRoll);
  deps.motions.registerRoll('attendees', attendeesRoll);
  deps.motions.onOutcome('meetingItem', (outcome, tx) => meetings.applyOutcome(outcome, tx as unknown as Kysely<CouncilTables>));
  const manifest: ModuleManifest = {
    name: 'decisions.councils',
    routes: async (app) => {
      await app.register(councilRoutes(councils, meetings, deps.tree));
      await app.register(meetingRoutes(meetings, minutes, hub));
      await app.register(publicCouncilRoutes(db, councils, meetings, deps.tree));
    },
  };
  return { manifest };
}
