import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
});
after(() => app.stop());

test('households for a vote’s roll: by micro-grid, building, stairwell or household, read inside the caller’s transaction', async () => {
  const demo = app.demo!;
  const building = demo.buildings.find((b) => b.stairwells.length >= 2)!;
  const inBuilding = demo.households.filter((h) => h.buildingCode === building.code);
  const inMicroGrid = demo.households.filter((h) => demo.buildings.find((b) => b.code === h.buildingCode)!.microGridCode === building.microGridCode);
  const roster = app.modules.roster;
  await app.core.db.kysely.transaction().execute(async (tx) => {
    const list = (await roster.rollHouseholds(building.code, tx))!;
    assert.deepEqual(list.map((h) => h.code).sort(), inBuilding.map((h) => h.code).sort());
    const first = list.find((h) => h.code === inBuilding[0]!.code)!;
    assert.equal(first.floorAreaCenti, inBuilding[0]!.floorAreaCenti);
    assert.equal(first.buildingCode, building.code);
    assert.deepEqual(first.people.map((p) => p.name).sort(), demo.residents.filter((r) => r.householdCode === first.code).map((r) => r.name).sort());
    const stairwell = building.stairwells[1]!;
    assert.deepEqual(
      (await roster.rollHouseholds(`${building.code}/${stairwell}`, tx))!.map((h) => h.code).sort(),
      inBuilding.filter((h) => h.stairwell === stairwell).map((h) => h.code).sort(),
    );
    assert.equal((await roster.rollHouseholds(building.microGridCode, tx))!.length, inMicroGrid.length);
    assert.deepEqual((await roster.rollHouseholds(first.code, tx))!.map((h) => h.code), [first.code]);
    assert.equal(await roster.rollHouseholds('no-such-code', tx), null);
  });
});
