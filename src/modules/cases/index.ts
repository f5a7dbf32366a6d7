import type { Transaction } from 'kysely';
import { tablesOf } from '../../core/db/database.ts';
import type { CoreContext, ModuleManifest } from '../../core/module.ts';
import { buildCalendar, bundledCalendarYears, withProvisionalYears, type CalendarYearData } from '../calendar/index.ts';
import type { RosterService } from '../roster/index.ts';
import type { TreeService } from '../tree/index.ts';
import { timerJob } from './effects.ts';
import { inAppChannel, logChannel, Notifier, type NotificationChannel } from './notifier.ts';
import { casesRoutes } from './routes.ts';
import { CasesService } from './service.ts';
import type { CasesTables } from './tables.ts';

export { CasesService, type IntakeInput, type KnownSigner } from './service.ts';
export { Notifier, type NotificationChannel, type OutgoingNotification, type Recipient } from './notifier.ts';
export { categoryName } from './present.ts';
export * from './domain/index.ts';

export function createCasesModule(core: CoreContext, deps: { tree: TreeService; roster: RosterService; channels?: NotificationChannel[] }) {
  // Deadlines may run into next year before its holiday notice is loaded: count it Monday–Friday meanwhile.
  const { years, provisional } = withProvisionalYears(bundledCalendarYears() as CalendarYearData[], new Date().getUTCFullYear() + 1);
  if (provisional.length) core.log.warn({ provisional }, 'working calendar: no holiday notice loaded for these years; counting Monday–Friday until it is added to src/modules/calendar/data/');
  const calendar = buildCalendar(years);
  const notifier = new Notifier(deps.channels ?? [inAppChannel(), logChannel(core.log)]);
  const service = new CasesService(tablesOf<CasesTables>(core.db), {
    jobs: core.jobs, tree: deps.tree, secrets: core.secrets, notifier, log: core.log, calendar,
    // Two batches at once keep a server's two cores busy; the embedded database has one connection.
    intake: { concurrency: core.db.kind === 'embedded' ? 1 : 2, maxBatch: 64 },
  });
  const manifest: ModuleManifest = {
    name: 'cases',
    routes: casesRoutes(service, { tree: deps.tree, roster: deps.roster, calendar, dataDir: core.config.dataDir }),
    jobs: { [timerJob]: (payload, { trx }) => service.onTimer(payload, trx as unknown as Transaction<CasesTables>) },
    tag: { name: 'cases', description: 'Cases (群众有需求，网格有响应): intake, routing, workflow, time limits, indicators, public boards' },
  };
  return { manifest, service };
}
