import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLocale, t, type Locale } from '../../core/i18n.ts';
import { Problem } from '../../core/http/problem.ts';
import type { AccessService } from '../access/index.ts';
import { categoryName, type CasesService } from '../cases/index.ts';
import type { PlaceFinder } from '../roster/index.ts';
import type { TreeService, UnitRow } from '../tree/index.ts';
import { checkAnswers, presentDefinition, type AttributeAnswers } from './definitions.ts';
import { presentRequest, presentService, presentUpdate, type Category, type PublicCase } from './present.ts';
import { isoOffset, parseW3cDate, toJson, toXml, type Value } from './xml.ts';

type Format = 'json' | 'xml';
const formats: Format[] = ['json', 'xml'];
const day = 86_400_000;
/** "Default query limit is a span of 90 days or first 1000 requests returned, whichever is smallest." */
export const spanDays = 90;
export const maxResults = 1000;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An error the specification names: answered as `[{code, description}]` with the same HTTP status. */
export class Open311Error extends Error {
  constructor(readonly status: 400 | 403 | 404 | 500 | 503, readonly description: string) {
    super(description);
  }
}

/** OpenAPI notes; the resources are public, POST requests authenticates by its own api_key parameter. */
const doc = (summary: string) => ({ schema: { tags: ['open311'], summary, security: [] } });
const formatOf = (url: string): Format => (url.split('?')[0]!.endsWith('.json') ? 'json' : 'xml');
const contentType = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

function send(reply: FastifyReply, format: Format, root: string, value: Value, status = 200) {
  return reply.status(status).type(contentType[format]).send(format === 'json' ? toJson(value) : toXml(root, value));
}

/** `name.json` → ['name', 'json']; any other suffix is not a resource of ours. */
function splitFile(file: string): [string, Format] {
  const i = file.lastIndexOf('.');
  const ext = file.slice(i + 1);
  if (i <= 0 || !formats.includes(ext as Format)) throw new Open311Error(404, `${file} not found: append .json or .xml`);
  return [decodeURIComponent(file.slice(0, i)), ext as Format];
}

/** Parameters from the query string and a form-encoded body; an empty parameter counts as absent. */
function paramsOf(request: FastifyRequest): URLSearchParams {
  const p = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
  for (const [k, v] of new URL(request.url, 'http://x').searchParams) if (!p.has(k)) p.append(k, v);
  return p;
}
const param = (p: URLSearchParams, name: string) => p.get(name)?.trim() || undefined;
const list = (p: URLSearchParams, name: string) => param(p, name)?.split(',').map((s) => s.trim()).filter(Boolean);

function dateParam(p: URLSearchParams, name: string): Date | undefined {
  const text = param(p, name);
  if (!text) return undefined;
  const d = parseW3cDate(text);
  if (!d) throw new Open311Error(400, `${name} must be a W3C date-time such as 2010-01-01T00:00:00Z`);
  return d;
}

/** The window asked for, at most 90 days; without dates, the last 90 days. */
export function window(p: URLSearchParams, now = Date.now()): { from: Date; to: Date } {
  const start = dateParam(p, 'start_date');
  const end = dateParam(p, 'end_date');
  const to = end ?? (start ? new Date(start.getTime() + spanDays * day) : new Date(now));
  const from = start ?? new Date(to.getTime() - spanDays * day);
  if (from > to) throw new Open311Error(400, 'start_date must not be later than end_date');
  if (to.getTime() - from.getTime() > spanDays * day) throw new Open311Error(400, `start_date and end_date may not span more than ${spanDays} days`);
  return { from, to };
}

export function open311Routes(deps: { cases: CasesService; access: AccessService; tree: TreeService; places: PlaceFinder; startedAt: Date }) {
  let countiesCache: { at: number; list: UnitRow[] } | null = null;
  const counties = async () => {
    if (!countiesCache || Date.now() - countiesCache.at > 30_000) countiesCache = { at: Date.now(), list: (await deps.tree.repo.all()).filter((u) => u.kind === 'county') };
    return countiesCache.list;
  };
  /** Our administrative codes are the jurisdictions; it may be left out while we serve only one. */
  const jurisdiction = async (p: URLSearchParams): Promise<string[] | undefined> => {
    const id = param(p, 'jurisdiction_id');
    const list = await counties();
    if (!id) {
      if (list.length > 1) throw new Open311Error(400, 'jurisdiction_id was not provided');
      return undefined;
    }
    if (!list.some((c) => c.code === id)) throw new Open311Error(404, `jurisdiction_id ${id} not found`);
    return [id];
  };
  const categories = async (): Promise<Category[]> => (await deps.cases.config()).categories;
  const locale = (request: FastifyRequest): Locale => negotiateLocale(request.headers['accept-language']);

  async function requestsOut(rows: PublicCase[], loc: Locale) {
    const codes = [...new Set(rows.map((r) => r.responsibleCode))];
    const agencies = new Map((codes.length ? await deps.tree.repo.byCodes(codes) : []).map((u) => [u.code, u.name]));
    const cats = await categories();
    return rows.map((r) => presentRequest(r, cats, agencies, loc));
  }

  return async (app: FastifyInstance) => {
    await app.register(async (api) => {
      api.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));
      api.setErrorHandler((error: Error, request, reply) => {
        const loc = locale(request);
        let status: number;
        let description: string;
        if (error instanceof Open311Error) [status, description] = [error.status, error.description];
        else if (error instanceof Problem) [status, description] = [error.status >= 500 ? error.status : error.status === 404 ? 404 : 400, t(loc, error.code, error.params)];
        else if (((error as { statusCode?: number }).statusCode ?? 500) < 500) [status, description] = [400, error.message];
        else {
          request.log.error({ err: error }, 'open311 failed');
          [status, description] = [500, 'internal error'];
        }
        return send(reply, formatOf(request.url), 'errors', [{ code: status, description }], status);
      });

      for (const fmt of formats) {
        api.get(`/discovery.${fmt}`, doc('GeoReport v2 service discovery'), async (request, reply) => {
          const changeset = isoOffset(deps.startedAt);
          const url = `${request.protocol}://${request.host}/open311/v2`;
          return send(reply, fmt, 'discovery', {
            changeset, contact: '', key_service: 'npx gongzhi api-key create --name NAME',
            endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url, changeset, type: 'production', formats: ['text/xml', 'application/json'] }],
          });
        });

        api.get(`/services.${fmt}`, doc('Service list (our case categories)'), async (request, reply) => {
          await jurisdiction(paramsOf(request));
          const loc = locale(request);
          return send(reply, fmt, 'services', (await categories()).map((c) => presentService(c, loc)));
        });

        api.get(`/requests.${fmt}`, doc('Service requests, filtered; 90 days or 1000 requests at most'), async (request, reply) => {
          const p = paramsOf(request);
          const countyCodes = await jurisdiction(p);
          const ids = list(p, 'service_request_id');
          let rows: PublicCase[];
          // "This overrides all other arguments."
          if (ids) rows = await deps.cases.publicCases({ refs: ids, ...(countyCodes ? { countyCodes } : {}), limit: maxResults });
          else {
            const statuses = list(p, 'status');
            if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open, closed or both, comma delimited');
            const closed = !statuses || statuses.includes('open') === statuses.includes('closed') ? undefined : statuses.includes('closed');
            const categoriesAsked = list(p, 'service_code');
            const { from, to } = window(p);
            rows = await deps.cases.publicCases({
              from, to, limit: maxResults,
              ...(categoriesAsked ? { categories: categoriesAsked } : {}), ...(countyCodes ? { countyCodes } : {}), ...(closed !== undefined ? { closed } : {}),
            });
          }
          return send(reply, fmt, 'service_requests', await requestsOut(rows, locale(request)));
        });

        api.post(`/requests.${fmt}`, doc('Create a service request (form-encoded, needs api_key)'), async (request, reply) => {
          const p = paramsOf(request);
          const key = param(p, 'api_key');
          if (!key) throw new Open311Error(403, 'api_key was not provided');
          const principal = await deps.access.principalFromApiToken(key);
          if (!principal) throw new Open311Error(403, 'api_key is invalid');
          await jurisdiction(p);
          const loc = locale(request);
          const code = param(p, 'service_code');
          if (!code) throw new Open311Error(400, 'service_code was not provided');
          const category = (await categories()).find((c) => c.code === code);
          if (!category) throw new Open311Error(400, `service_code ${code} is not a service of this jurisdiction`);
          const [latText, longText] = [param(p, 'lat'), param(p, 'long')];
          const address = param(p, 'address_string');
          const addressId = param(p, 'address_id');
          if ((latText === undefined) !== (longText === undefined)) throw new Open311Error(400, 'lat and long must be given together');
          const lat = latText === undefined ? undefined : Number(latText);
          const lng = longText === undefined ? undefined : Number(longText);
          if (lat !== undefined && (!Number.isFinite(lat) || Math.abs(lat) > 90)) throw new Open311Error(400, 'lat must be a WGS84 latitude');
          if (lng !== undefined && (!Number.isFinite(lng) || Math.abs(lng) > 180)) throw new Open311Error(400, 'long must be a WGS84 longitude');
          if (lat === undefined && !address && !addressId) throw new Open311Error(400, 'a location is required: lat and long, address_string or address_id');
          let path: string | undefined;
          let at = lat !== undefined && lng !== undefined ? { lat, lng } : undefined;
          if (addressId && !at) {
            const unit = await deps.tree.repo.byCode(addressId);
            if (!unit) throw new Open311Error(400, `address_id ${addressId} is not known`);
            path = unit.path;
          }
          // An address alone is matched to the roster's buildings; one we cannot place still makes a request (兜底).
          if (address && !at && !path) {
            const found = await deps.places.find(address);
            if (found) at = { lat: found.lat, lng: found.lng };
          }
          const answers: AttributeAnswers = {};
          for (const [k, v] of p) {
            const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
            if (m) (answers[m[1]!] ??= []).push(v.trim());
          }
          const checked = checkAnswers(code, answers, loc);
          if ('error' in checked) throw new Open311Error(400, checked.error);
          const text = param(p, 'description');
          if (text && text.length > 4000) throw new Open311Error(400, 'description may not be longer than 4000 characters');
          const description = [text ?? categoryName([category], code, locale(request)), ...checked.lines].join('\n');
          const name = [param(p, 'first_name'), param(p, 'last_name')].filter(Boolean).join(' ');
          const phone = param(p, 'phone');
          const media = param(p, 'media_url');
          if (media && !/^https?:\/\/\S+$/.test(media)) throw new Open311Error(400, 'media_url must be an http(s) URL');
          const { row } = await deps.cases.submit(principal, {
            category: code, description, channel: 'open311',
            ...(at ? { ...at, crs: 'wgs84' as const } : {}), ...(path ? { path } : {}),
            ...(address ? { address } : {}), ...(name || phone ? { reporter: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
            ...(media ? { photos: [media] } : {}),
          });
          return send(reply, fmt, 'service_requests', [{
            service_request_id: row.number, token: row.id, service_notice: t(loc, 'open311.notice', { due: isoOffset(new Date(row.due_at)) }), account_id: null,
          }], 201);
        });

        api.get(`/servicerequestupdates.${fmt}`, doc('Status updates since a date (servicerequestupdates extension)'), async (request, reply) => {
          const p = paramsOf(request);
          await jurisdiction(p);
          const { from, to } = window(p);
          const loc = locale(request);
          const updates = await deps.cases.publicUpdates(from, to, maxResults);
          return send(reply, fmt, 'service_request_updates', updates.map((u) => presentUpdate(u, loc)));
        });
      }

      api.get<{ Params: { file: string } }>('/services/:file', doc('Service definition: {service_code}.json or .xml'), async (request, reply) => {
        const [code, fmt] = splitFile(request.params.file);
        await jurisdiction(paramsOf(request));
        if (!(await categories()).some((c) => c.code === code)) throw new Open311Error(404, `service_code ${code} not found`);
        return send(reply, fmt, 'service_definition', presentDefinition(code, locale(request)));
      });

      api.get<{ Params: { file: string } }>('/requests/:file', doc('One service request: {service_request_id}.json or .xml'), async (request, reply) => {
        const [id, fmt] = splitFile(request.params.file);
        const countyCodes = await jurisdiction(paramsOf(request));
        const rows = await deps.cases.publicCases({ refs: [id], ...(countyCodes ? { countyCodes } : {}), limit: 1 });
        if (!rows.length) throw new Open311Error(404, `service_request_id ${id} not found`);
        return send(reply, fmt, 'service_requests', await requestsOut(rows, locale(request)));
      });

      api.get<{ Params: { file: string } }>('/tokens/:file', doc('service_request_id of a token: {token}.json or .xml'), async (request, reply) => {
        const [token, fmt] = splitFile(request.params.file);
        await jurisdiction(paramsOf(request));
        const rows = uuid.test(token) ? await deps.cases.publicCases({ refs: [token], limit: 1 }) : [];
        if (!rows.length) throw new Open311Error(404, `token ${token} not found`);
        return send(reply, fmt, 'service_requests', [{ service_request_id: rows[0]!.number, token }]);
      });

      api.all('/*', { schema: { hide: true } }, async () => {
        throw new Open311Error(404, 'no such resource in GeoReport v2');
      });
    }, { prefix: '/open311/v2' });
  };
}
