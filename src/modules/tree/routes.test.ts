import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import gcoord from 'gcoord';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let app: TestApp;
let county: string;
let grid: string;
before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
  county = await app.login('county');
  grid = await app.login('grid-xishan-01');
});
after(() => app.stop());

const get = (url: string, cookie: string) => app.app.inject({ url, headers: { cookie } });

test('each role’s tree starts at its own node', async () => {
  assert.deepEqual((await get('/api/tree/roots', county)).json().items.map((u: { code: string }) => u.code), ['330481']);
  assert.deepEqual((await get('/api/tree/roots', grid)).json().items.map((u: { code: string }) => u.code), ['330481001001G01']);
});

test('a grid worker can walk down to their grid but not into a neighbour', async () => {
  const community = (await get('/api/tree/units/330481001001', grid)).json() as { children: { code: string }[]; ancestors: { code: string }[] };
  assert.deepEqual(community.children.map((c) => c.code), ['330481001001G01'], 'only their own grid among the children');
  assert.deepEqual(community.ancestors.map((a) => a.code), ['33', '3304', '330481', '330481001']);
  const neighbour = app.demo!.units.find((u) => u.kind === 'grid' && u.code !== '330481001001G01')!;
  const other = await get(`/api/tree/units/${neighbour.code}`, grid);
  assert.equal(other.statusCode, 403);
  assert.equal(other.json().detail, '该内容不在您负责的辖区范围内。');
  assert.equal((await get('/api/tree/units/330481001002', grid)).statusCode, 403);
  const countyView = (await get('/api/tree/units/330481001', county)).json() as { children: unknown[] };
  assert.equal(countyView.children.length, 4);
});

test('the map holds only the caller’s polygons', async () => {
  const mine = (await get('/api/tree/map', grid)).json() as { features: { properties: { code: string } }[] };
  assert.ok(mine.features.length > 1);
  assert.ok(mine.features.every((f) => f.properties.code.startsWith('330481001001G01')));
  const all = (await get('/api/tree/map', county)).json() as { features: unknown[] };
  assert.ok(all.features.length > mine.features.length);
});

test('locate answers the same micro-grid for WGS-84, GCJ-02 and BD-09 input', async () => {
  const building = app.demo!.buildings[0]!;
  const wgs = (await get(`/api/locate?lng=${building.lng}&lat=${building.lat}`, grid)).json() as { microGrid: string; chain: { kind: string }[] };
  assert.equal(wgs.microGrid, building.microGridCode);
  assert.deepEqual(wgs.chain.map((c) => c.kind), ['province', 'city', 'county', 'street', 'community', 'grid', 'microGrid']);
  for (const crs of ['gcj02', 'bd09'] as const) {
    const [lng, lat] = gcoord.transform([building.lng, building.lat], gcoord.WGS84, crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09);
    const r = (await get(`/api/locate?lng=${lng}&lat=${lat}&crs=${crs}`, grid)).json() as { microGrid: string };
    assert.equal(r.microGrid, building.microGridCode, crs);
  }
  const far = (await get('/api/locate?lng=121.5&lat=31.2', grid)).json() as { status: string; grid: null; nearestGrid: null };
  assert.deepEqual([far.status, far.grid, far.nearestGrid], ['outside', null, null]);
  const bad = await get('/api/locate?lng=120.7&lat=95', grid);
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().errors[0].pointer, '/querystring/lat');
});

const square = (lng: number, lat: number, size: number) => [[[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]];

test('a GeoJSON import with problems imports nothing and reports each feature', async () => {
  const before = (await get('/api/tree/units/330481001', county)).json() as { children: unknown[] };
  const res = await app.app.inject({
    method: 'POST', url: '/api/tree/import', headers: { cookie: county },
    payload: {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: '330481001009', kind: 'community', name: '新社区', parentCode: '330481001' }, geometry: null },
        { type: 'Feature', properties: { code: '330481001009G01', kind: 'grid', name: '一网格', parentCode: '330481001009' }, geometry: { type: 'Polygon', coordinates: [[[121, 30], [121.01, 30], [121.01, 30.01], [121, 30.01]]] } },
        { type: 'Feature', properties: { code: '330481001009G02', kind: 'grid', name: '二网格', parentCode: '330481001009' }, geometry: { type: 'Polygon', coordinates: square(121.02, 30, 0.01) } },
        { type: 'Feature', properties: { code: '330481001009G02M01', kind: 'microGrid', name: '微网格1', parentCode: '330481001009G02' }, geometry: { type: 'Polygon', coordinates: square(121.02, 30, 0.006) } },
        { type: 'Feature', properties: { code: '330481001009G02M02', kind: 'microGrid', name: '微网格2', parentCode: '330481001009G02' }, geometry: { type: 'Polygon', coordinates: square(121.025, 30.005, 0.006) } },
        { type: 'Feature', properties: { code: '330481001009G03', kind: 'microGrid', name: '错层', parentCode: '330481001009' }, geometry: { type: 'Polygon', coordinates: square(121.04, 30, 0.01) } },
        { type: 'Feature', properties: { code: '330481001009G04', kind: 'grid', name: '无上级', parentCode: '999' }, geometry: { type: 'Polygon', coordinates: square(121.06, 30, 0.01) } },
      ],
    },
  });
  assert.equal(res.statusCode, 422);
  const issues = res.json().issues as { feature: number; issue: string; message: string }[];
  const byFeature = (n: number) => issues.filter((i) => i.feature === n).map((i) => i.issue);
  assert.deepEqual(byFeature(2), ['geo.ringNotClosed']);
  assert.ok(byFeature(5).includes('geo.zonesOverlap'), 'overlapping micro-grids');
  assert.ok(byFeature(5).includes('geo.notInsideParent'), 'micro-grid sticking out of its grid');
  assert.deepEqual(byFeature(6), ['tree.import.wrongLevel']);
  assert.deepEqual(byFeature(7), ['tree.import.unknownParent']);
  assert.ok(issues.every((i) => /[\u4e00-\u9fff]/.test(i.message)), 'messages are in Chinese');
  const after = (await get('/api/tree/units/330481001', county)).json() as { children: unknown[] };
  assert.equal(after.children.length, before.children.length, 'nothing was imported');
});

test('a good import is stored and located at once; others cannot import outside their scope', async () => {
  const features = [
    { type: 'Feature', properties: { code: '330481001008', kind: 'community', name: '试点社区', parentCode: '330481001' }, geometry: null },
    { type: 'Feature', properties: { code: '330481001008G01', kind: 'grid', name: '试点网格', parentCode: '330481001008' }, geometry: { type: 'Polygon', coordinates: square(121.1, 30.1, 0.01) } },
    { type: 'Feature', properties: { code: '330481001008G01M01', kind: 'microGrid', name: '试点微网格', parentCode: '330481001008G01' }, geometry: { type: 'Polygon', coordinates: square(121.1, 30.1, 0.005) } },
  ];
  const denied = await app.app.inject({ method: 'POST', url: '/api/tree/import', headers: { cookie: await app.login('xishan') }, payload: { type: 'FeatureCollection', features } });
  assert.equal(denied.statusCode, 422);
  assert.ok((denied.json().issues as { issue: string }[]).every((i) => i.issue === 'tree.import.outsideScope'));
  const ok = await app.app.inject({ method: 'POST', url: '/api/tree/import', headers: { cookie: county }, payload: { type: 'FeatureCollection', features } });
  assert.equal(ok.statusCode, 201);
  assert.equal(ok.json().created, 3);
  const located = (await get('/api/locate?lng=121.102&lat=30.102', county)).json() as { microGrid: string; grid: string };
  assert.deepEqual([located.grid, located.microGrid], ['330481001008G01', '330481001008G01M01']);
  const inGridOnly = (await get('/api/locate?lng=121.108&lat=30.108', county)).json() as { microGrid: null; grid: string };
  assert.deepEqual([inGridOnly.grid, inGridOnly.microGrid], ['330481001008G01', null]);
});

test('an import cannot move an existing unit under another parent', async () => {
  const res = await app.app.inject({
    method: 'POST', url: '/api/tree/import', headers: { cookie: county },
    payload: { type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { code: '330481001001G01', kind: 'grid', name: '搬家网格', parentCode: '330481001003' }, geometry: { type: 'Polygon', coordinates: square(121.3, 30.3, 0.01) } },
    ] },
  });
  assert.equal(res.statusCode, 422);
  assert.ok((res.json().issues as { issue: string }[]).some((i) => i.issue === 'tree.import.cannotMove'));
});
