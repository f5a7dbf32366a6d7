/**
 * Many on-duty responders for load tests: accounts written directly (no password: they never sign in,
 * and hashing 10,000 passwords would take minutes), homes at the demo's buildings, fresh positions up
 * to 500 m from home, placed in the micro-grid of their home building.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DemoData } from '../../demo/index.ts';
import type { TreeService } from '../../tree/index.ts';
import type { CareTables } from '../tables.ts';

const roles = ['volunteer', 'volunteer', 'volunteer', 'volunteer', 'volunteer', 'volunteer', 'volunteer', 'volunteer', 'microGridLeader', 'gridWorker'];

export async function addResponders(db: Kysely<CareTables>, tree: TreeService, demo: Pick<DemoData, 'buildings'>, count: number, seed = 7): Promise<void> {
  const paths = new Map((await tree.repo.byCodes([...new Set(demo.buildings.map((b) => b.microGridCode))])).map((u) => [u.code, u.path]));
  const buildings = demo.buildings.filter((b) => paths.has(b.microGridCode));
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296);
  const metres = (lat: number) => ({ lng: 1 / (111_320 * Math.cos((lat * Math.PI) / 180)), lat: 1 / 110_574 });
  const run = randomUUID().slice(0, 8);
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, (_, k) => {
      const i = start + k;
      const b = buildings[Math.floor(random() * buildings.length)]!;
      const m = metres(b.lat);
      const angle = random() * 2 * Math.PI;
      const away = 500 * Math.sqrt(random());
      return {
        id: randomUUID(), username: `load-${run}-${i}`, role: roles[i % roles.length]!, scopePath: paths.get(b.microGridCode)!,
        home: { lng: b.lng + (random() - 0.5) * 60 * m.lng, lat: b.lat + (random() - 0.5) * 60 * m.lat },
        position: { lng: b.lng + Math.cos(angle) * away * m.lng, lat: b.lat + Math.sin(angle) * away * m.lat },
        skills: i % 5 === 0 ? ['firstAid'] : [],
      };
    });
    await db.transaction().execute(async (trx) => {
      await sql`INSERT INTO accounts (id, username, display_name, password_hash)
        VALUES ${sql.join(batch.map((r) => sql`(${r.id}::uuid, ${r.username}, ${r.username}, '!')`))}`.execute(trx);
      await trx.insertInto('care_responders').values(batch.map((r) => ({
        account_id: r.id, role: r.role, scope_path: r.scopePath, on_duty: true, skills: r.skills,
        lng: r.position.lng, lat: r.position.lat, position_at: sql<Date>`now()`, home_lng: r.home.lng, home_lat: r.home.lat,
      }))).execute();
    });
  }
  await sql`ANALYZE care_responders`.execute(db);
}
