/**
 * A Gongzhi process for the kill-and-restart test: `DATA_DIR`, `MQTT_URL` and `MQTT_CLIENT_ID` from the
 * environment, jobs and the MQTT subscriber running, no HTTP port. `CARE_LADDER_JSON` replaces the
 * default ladder (short timers). Prints `ready`, then `alarms <n> ladderDone <n>` every 300 ms.
 */
import { sql } from 'kysely';
import { pino } from 'pino';
import { buildApp } from '../../../app/build.ts';

const app = await buildApp({ config: { demo: false, logLevel: 'silent', port: 0 }, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
const db = app.core.db.kysely;
if (process.env.CARE_LADDER_JSON) await sql`UPDATE care_settings SET ladder = ${process.env.CARE_LADDER_JSON}::jsonb WHERE community_path = ''`.execute(db);
process.stdout.write('ready\n');
setInterval(() => {
  void sql<{ a: number; d: number }>`SELECT (SELECT count(*)::int FROM care_alarms) AS a,
      (SELECT count(*)::int FROM jobs_done WHERE unique_key LIKE 'care:alarm:%:ladder:%') AS d`.execute(db)
    .then(({ rows }) => process.stdout.write(`alarms ${rows[0]!.a} ladderDone ${rows[0]!.d}\n`), () => undefined);
}, 300);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
