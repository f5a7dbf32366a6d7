/**
 * Conformance with GeoReport v2 (wiki.open311.org/GeoReport_v2) and its servicerequestupdates extension,
 * each clause checked in both formats: resources, errors as [{code, description}] with their HTTP status,
 * W3C dates with an offset, empty parameters as absent, the 90-day / 1000-request default window.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createOpen311ApiKey } from './index.ts';

let app: TestApp;
let apiKey = '';
const base = '/open311/v2';
const jurisdiction = '330481';
const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

before(async () => {
  app = await startTestApp({ demoScale: 0.3 });
  apiKey = (await createOpen311ApiKey(app.modules.access, 'conformance')).key;
});
after(() => app.stop());

interface Node { name: string; children: Node[]; text: string }
/** Enough XML for our own documents: a declaration, nested elements without attributes, escaped text. */
function parseXml(doc: string): Node {
  assert.match(doc, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
  let i = doc.indexOf('?>') + 2;
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  function node(): Node {
    while (/\s/.test(doc[i]!)) i++;
    const open = /^<([A-Za-z_][\w.-]*)(\/?)>/.exec(doc.slice(i));
    assert.ok(open, `element expected at ${i}: ${doc.slice(i, i + 40)}`);
    i += open[0].length;
    const n: Node = { name: open[1]!, children: [], text: '' };
    if (open[2]) return n;
    while (!doc.startsWith(`</${n.name}>`, i)) {
      if (doc[i] === '<') n.children.push(node());
      else {
        const end = doc.indexOf('<', i);
        n.text += unescape(doc.slice(i, end));
        i = end;
      }
    }
    i += n.name.length + 3;
    return n;
  }
  const root = node();
  assert.equal(doc.slice(i).trim(), '', 'one root element');
  return root;
}
const child = (n: Node, name: string) => n.children.find((c) => c.name === name);
const names = (n: Node) => n.children.map((c) => c.name);

const get = (path: string) => app.app.inject({ url: `${base}/${path}` });
const postForm = (path: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return app.app.inject({ method: 'POST', url: `${base}/${path}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
};
const point = () => {
  const b = app.demo!.buildings[0]!;
  return { lat: String(b.lat), long: String(b.lng) };
};
async function create(fields: Record<string, string | string[]> = {}) {
  const res = await postForm('requests.json', { api_key: apiKey, jurisdiction_id: jurisdiction, service_code: 'streetLight', description: '路灯不亮', 'attribute[light_state]': 'off', ...point(), ...fields });
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { service_request_id: string; token: string }[])[0]!;
}
async function expectError(res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, format: 'json' | 'xml') {
  assert.equal(res.statusCode, status, res.body);
  if (format === 'json') {
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const errors = JSON.parse(res.body) as { code: number; description: string }[];
    assert.ok(Array.isArray(errors) && errors.length >= 1);
    assert.deepEqual(Object.keys(errors[0]!).sort(), ['code', 'description']);
    assert.equal(errors[0]!.code, status);
    assert.ok(errors[0]!.description.length > 0);
  } else {
    assert.match(String(res.headers['content-type']), /^text\/xml/);
    const root = parseXml(res.body);
    assert.equal(root.name, 'errors');
    assert.deepEqual(names(root.children[0]!), ['code', 'description']);
    assert.equal(child(root.children[0]!, 'code')!.text, String(status));
  }
}

test('discovery lists the GeoReport v2 endpoint and its formats', async () => {
  const json = (await get('discovery.json')).json() as { changeset: string; endpoints: { specification: string; url: string; type: string; formats: string[] }[] };
  assert.match(json.changeset, isoWithOffset);
  assert.equal(json.endpoints[0]!.specification, 'http://wiki.open311.org/GeoReport_v2');
  assert.match(json.endpoints[0]!.url, /\/open311\/v2$/);
  assert.deepEqual(json.endpoints[0]!.formats.sort(), ['application/json', 'text/xml']);
  const xml = parseXml((await get('discovery.xml')).body);
  assert.equal(xml.name, 'discovery');
  const endpoint = child(child(xml, 'endpoints')!, 'endpoint')!;
  assert.deepEqual(names(endpoint), ['specification', 'url', 'changeset', 'type', 'formats']);
  assert.deepEqual(names(child(endpoint, 'formats')!), ['format', 'format']);
});

test('services are our categories, in both formats', async () => {
  const res = await get(`services.json?jurisdiction_id=${jurisdiction}`);
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/);
  const services = res.json() as { service_code: string; metadata: boolean; type: string }[];
  const light = services.find((s) => s.service_code === 'streetLight')!;
  assert.deepEqual(Object.keys(light), ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
  assert.equal(light.metadata, true);
  assert.equal(services.find((s) => s.service_code === 'other')!.metadata, false);
  assert.ok(services.every((s) => ['realtime', 'batch', 'blackbox'].includes(s.type)));
  const xml = await get('services.xml');
  assert.match(String(xml.headers['content-type']), /^text\/xml; charset=utf-8/);
  const root = parseXml(xml.body);
  assert.equal(root.name, 'services');
  assert.equal(root.children.length, services.length);
  assert.ok(root.children.every((c) => c.name === 'service'));
  assert.deepEqual(names(root.children[0]!), ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
});

test('an unknown jurisdiction is 404, an empty one is absent', async () => {
  await expectError(await get('services.json?jurisdiction_id=999999'), 404, 'json');
  await expectError(await get('services.xml?jurisdiction_id=999999'), 404, 'xml');
  await expectError(await get('requests.json?jurisdiction_id=999999'), 404, 'json');
  assert.equal((await get('services.json?jurisdiction_id=')).statusCode, 200);
});

test('a service definition lists its attributes; an unknown service_code is 404', async () => {
  const def = (await get(`services/streetLight.json?jurisdiction_id=${jurisdiction}`)).json() as { service_code: string; attributes: { variable: boolean; code: string; datatype: string; required: boolean; order: number; values?: { key: string; name: string }[] }[] };
  assert.equal(def.service_code, 'streetLight');
  const state = def.attributes.find((a) => a.code === 'light_state')!;
  assert.deepEqual({ variable: state.variable, datatype: state.datatype, required: state.required }, { variable: true, datatype: 'singlevaluelist', required: true });
  assert.ok(state.values!.some((v) => v.key === 'off' && v.name.length > 0));
  const root = parseXml((await get('services/sanitation.xml')).body);
  assert.equal(root.name, 'service_definition');
  assert.deepEqual(names(root), ['service_code', 'attributes']);
  const attr = child(child(root, 'attributes')!, 'attribute')!;
  assert.deepEqual(names(attr), ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
  assert.deepEqual([...new Set(names(child(attr, 'values')!))], ['value']);
  assert.deepEqual(names(child(child(attr, 'values')!, 'value')!), ['key', 'name']);
  await expectError(await get('services/noSuchService.json'), 404, 'json');
  await expectError(await get('services/noSuchService.xml'), 404, 'xml');
});

test('POST requests creates a case through intake, channel open311, and answers with its id', async () => {
  const res = await postForm('requests.xml', { api_key: apiKey, jurisdiction_id: jurisdiction, service_code: 'streetLight', 'attribute[light_state]': 'flickering', 'attribute[pole_number]': 'HN-0042', description: '灯闪 联系13812345678', first_name: '张', last_name: '三', phone: '13812345678', email: '', ...point() });
  assert.equal(res.statusCode, 201, res.body);
  const root = parseXml(res.body);
  assert.equal(root.name, 'service_requests');
  const request = child(root, 'request')!;
  assert.deepEqual(names(request), ['service_request_id', 'token', 'service_notice', 'account_id']);
  const id = child(request, 'service_request_id')!.text;
  const { rows } = await sql<{ channel: string; category: string; description: string; reporter_name: string }>`SELECT channel, category, description, reporter_name FROM cases WHERE number = ${id}`.execute(app.core.db.kysely);
  assert.equal(rows[0]!.channel, 'open311');
  assert.equal(rows[0]!.category, 'streetLight');
  assert.match(rows[0]!.description, /HN-0042/);
  assert.equal(rows[0]!.reporter_name, '张 三');
});

test('POST requests: api_key missing or invalid is 403; missing or invalid fields are 400', async () => {
  const good = { jurisdiction_id: jurisdiction, service_code: 'streetLight', 'attribute[light_state]': 'off', ...point() };
  for (const format of ['json', 'xml'] as const) {
    await expectError(await postForm(`requests.${format}`, good), 403, format);
    await expectError(await postForm(`requests.${format}`, { ...good, api_key: '' }), 403, format);
    await expectError(await postForm(`requests.${format}`, { ...good, api_key: 'gz_not-a-key' }), 403, format);
    await expectError(await postForm(`requests.${format}`, { ...good, api_key: apiKey, service_code: '' }), 400, format);
  }
  const keyed = { ...good, api_key: apiKey };
  await expectError(await postForm('requests.json', { ...keyed, service_code: 'noSuchService' }), 400, 'json');
  await expectError(await postForm('requests.json', { ...keyed, lat: '', long: '' }), 400, 'json');
  await expectError(await postForm('requests.json', { ...keyed, long: '' }), 400, 'json');
  await expectError(await postForm('requests.json', { ...keyed, lat: 'north' }), 400, 'json');
  await expectError(await postForm('requests.json', { ...keyed, 'attribute[light_state]': '' }), 400, 'json');
  await expectError(await postForm('requests.json', { ...keyed, 'attribute[light_state]': 'purple' }), 400, 'json');
  await expectError(await postForm('requests.json', { ...keyed, lat: '', long: '', address_id: 'no-such-unit' }), 400, 'json');
  await expectError(await postForm('requests.xml', { ...keyed, jurisdiction_id: '999999' }), 404, 'xml');
});

test('a location may be an address_string or an address_id instead of lat/long', async () => {
  const grid = app.demo!.buildings[0]!.microGridCode;
  const byId = await create({ lat: '', long: '', address_id: grid });
  const byAddress = await create({ lat: '', long: '', address_string: '硖石街道某路 12 号' });
  const one = (await get(`requests/${byId.service_request_id}.json`)).json() as { address_id: string }[];
  assert.equal(one[0]!.address_id, grid);
  const two = (await get(`requests/${byAddress.service_request_id}.json`)).json() as { address: string }[];
  assert.equal(two[0]!.address, '硖石街道某路 12 号');
});

test('an address_string naming a registered building is placed at that building', async () => {
  const b = app.demo!.buildings.find((x) => x.stairwells.length > 0)!;
  const made = await create({ lat: '', long: '', address_string: `海宁市硖石街道${b.estate} ${b.name}${b.stairwells[0]}301室` });
  const [r] = (await get(`requests/${made.service_request_id}.json`)).json() as { lat: number; long: number; address_id: string }[];
  assert.ok(Math.abs(r!.lat - b.lat) < 1e-6 && Math.abs(r!.long - b.lng) < 1e-6, JSON.stringify(r));
  assert.equal(r!.address_id, b.microGridCode);
});

test('GET requests/{id} in both formats, dates with an offset, no personal data; unknown id is 404', async () => {
  const made = await create({ description: '路灯坏了，电话 13900001111，身份证 330481199001011234', first_name: '李四', phone: '13900001111' });
  const res = await get(`requests/${made.service_request_id}.json?jurisdiction_id=${jurisdiction}`);
  assert.equal(res.statusCode, 200, res.body);
  const [r] = res.json() as Record<string, unknown>[];
  assert.deepEqual(Object.keys(r!), ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url']);
  assert.equal(r!.status, 'open');
  for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime']) assert.match(String(r![k]), isoWithOffset);
  assert.ok(!/13900001111|330481199001011234|李四/.test(res.body), res.body);
  const root = parseXml((await get(`requests/${made.service_request_id}.xml`)).body);
  assert.equal(root.name, 'service_requests');
  assert.deepEqual(names(root), ['request']);
  assert.deepEqual(names(root.children[0]!), Object.keys(r!));
  await expectError(await get('requests/GZ-1999-999999.json'), 404, 'json');
  await expectError(await get('requests/GZ-1999-999999.xml'), 404, 'xml');
  await expectError(await get(`requests/${made.service_request_id}.csv`), 404, 'xml');
});

test('tokens/{token} gives the service_request_id; an unknown token is 404', async () => {
  const made = await create();
  const json = (await get(`tokens/${made.token}.json`)).json() as { service_request_id: string; token: string }[];
  assert.deepEqual(json, [{ service_request_id: made.service_request_id, token: made.token }]);
  const root = parseXml((await get(`tokens/${made.token}.xml`)).body);
  assert.equal(root.name, 'service_requests');
  assert.deepEqual(names(child(root, 'request')!), ['service_request_id', 'token']);
  await expectError(await get('tokens/00000000-0000-4000-8000-000000000000.json'), 404, 'json');
  await expectError(await get('tokens/nonsense.xml'), 404, 'xml');
});

test('GET requests filters by service_request_id (overriding the rest), service_code and status', async () => {
  const a = await create();
  const b = await create({ service_code: 'other', 'attribute[light_state]': '' });
  const byIds = (await get(`requests.json?service_request_id=${a.service_request_id},${b.service_request_id}&service_code=sanitation&status=closed`)).json() as { service_request_id: string }[];
  assert.deepEqual(byIds.map((r) => r.service_request_id).sort(), [a.service_request_id, b.service_request_id].sort());
  const others = (await get('requests.json?service_code=other')).json() as { service_code: string; service_request_id: string }[];
  assert.ok(others.length >= 1 && others.every((r) => r.service_code === 'other'));
  assert.ok(others.some((r) => r.service_request_id === b.service_request_id));
  const both = (await get('requests.json?service_code=other,streetLight')).json() as { service_code: string }[];
  assert.ok(both.some((r) => r.service_code === 'streetLight') && both.every((r) => ['other', 'streetLight'].includes(r.service_code)));
  await sql`UPDATE cases SET status = 'closed' WHERE number = ${a.service_request_id}`.execute(app.core.db.kysely);
  const closed = (await get('requests.json?status=closed')).json() as { status: string; service_request_id: string }[];
  assert.ok(closed.every((r) => r.status === 'closed') && closed.some((r) => r.service_request_id === a.service_request_id));
  const open = (await get('requests.xml?status=open')).body;
  assert.ok(!open.includes(`<service_request_id>${a.service_request_id}</service_request_id>`));
  assert.equal((await get('requests.json?status=open,closed')).statusCode, 200);
  await expectError(await get('requests.json?status=pending'), 400, 'json');
  assert.equal((await get('requests.json?status=&service_code=&start_date=&end_date=')).statusCode, 200, 'empty parameters are absent');
});

test('GET requests: start/end dates, the 90-day default window and its limit', async () => {
  const old = await create();
  await sql`UPDATE cases SET created_at = now() - interval '120 days' WHERE number = ${old.service_request_id}`.execute(app.core.db.kysely);
  const has = (list: { service_request_id: string }[]) => list.some((r) => r.service_request_id === old.service_request_id);
  assert.ok(!has((await get('requests.json')).json()), 'by default only the last 90 days');
  const from = new Date(Date.now() - 130 * 86_400_000).toISOString().slice(0, 19) + 'Z';
  const to = new Date(Date.now() - 100 * 86_400_000).toISOString().slice(0, 19) + '+00:00';
  assert.ok(has((await get(`requests.json?start_date=${from}&end_date=${encodeURIComponent(to)}`)).json()));
  assert.ok(has((await get(`requests.json?start_date=${from}`)).json()), 'start_date alone spans 90 days from it');
  await expectError(await get('requests.json?start_date=last-week'), 400, 'json');
  await expectError(await get('requests.xml?end_date=2010-02-30T00:00:00Z'), 400, 'xml');
  await expectError(await get(`requests.json?start_date=2010-01-01T00:00:00Z&end_date=2010-06-01T00:00:00Z`), 400, 'json');
  await expectError(await get(`requests.json?start_date=2010-02-01T00:00:00Z&end_date=2010-01-01T00:00:00Z`), 400, 'json');
  await sql`INSERT INTO cases SELECT (jsonb_populate_record(NULL::cases, to_jsonb(c) || jsonb_build_object('id', gen_random_uuid(), 'number', 'BULK-' || g))).* FROM cases c, generate_series(1, 1001) g WHERE c.number = ${old.service_request_id}`.execute(app.core.db.kysely);
  await sql`UPDATE cases SET created_at = now() - interval '1 day' WHERE number LIKE 'BULK-%'`.execute(app.core.db.kysely);
  const all = (await get('requests.json')).json() as unknown[];
  assert.equal(all.length, 1000, 'at most 1000 requests');
});

test('servicerequestupdates lists each step since a date, in both formats', async () => {
  const since = new Date(Date.now() - 1000).toISOString();
  const made = await create();
  const json = (await get(`servicerequestupdates.json?start_date=${encodeURIComponent(since)}`)).json() as { update_id: string; service_request_id: string; status: string; updated_datetime: string; description: string }[];
  const mine = json.filter((u) => u.service_request_id === made.service_request_id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0]!.status, 'open');
  assert.match(mine[0]!.updated_datetime, isoWithOffset);
  assert.deepEqual(Object.keys(mine[0]!), ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url']);
  const root = parseXml((await get(`servicerequestupdates.xml?start_date=${encodeURIComponent(since)}`)).body);
  assert.equal(root.name, 'service_request_updates');
  assert.ok(root.children.length >= 1 && root.children.every((c) => c.name === 'request_update'));
  const later = new Date(Date.now() + 60_000).toISOString();
  assert.deepEqual((await get(`servicerequestupdates.json?start_date=${encodeURIComponent(later)}`)).json(), []);
  await expectError(await get('servicerequestupdates.json?start_date=soon'), 400, 'json');
});

test('an unknown resource under /open311/v2 is a 404 in the GeoReport error format', async () => {
  await expectError(await get('nothing.json'), 404, 'json');
  await expectError(await get('nothing.xml'), 404, 'xml');
});
