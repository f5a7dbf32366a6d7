import { t, type Locale } from '../../core/i18n.ts';
import { categoryName, type CasesService } from '../cases/index.ts';
import { attributesByCategory } from './definitions.ts';
import { isoOffset } from './xml.ts';

export type PublicCase = Awaited<ReturnType<CasesService['publicCases']>>[number];
export type PublicCaseUpdate = Awaited<ReturnType<CasesService['publicUpdates']>>[number];
export interface Category { code: string; zh: string; en: string; affair: string }

export function presentService(c: Category, locale: Locale) {
  const name = categoryName([c], c.code, locale);
  return {
    service_code: c.code,
    service_name: name,
    description: name,
    metadata: (attributesByCategory[c.code] ?? []).length > 0,
    type: 'realtime',
    keywords: '',
    group: t(locale, `open311.group.${c.affair}`),
  };
}

/** A service request as the public may see it: no reporter, no contact. */
export function presentRequest(r: PublicCase, categories: Category[], agencies: Map<string, string>, locale: Locale) {
  const notes = [t(locale, `cases.status.${r.status}`), ...(r.outcome ? [t(locale, `cases.outcome.${r.outcome}`)] : [])].join(' · ');
  return {
    service_request_id: r.number,
    status: r.closed ? 'closed' : 'open',
    status_notes: notes,
    service_name: categoryName(categories, r.category, locale),
    service_code: r.category,
    description: r.description,
    agency_responsible: agencies.get(r.responsibleCode) ?? r.responsibleCode,
    service_notice: '',
    requested_datetime: isoOffset(r.createdAt),
    updated_datetime: isoOffset(r.updatedAt),
    expected_datetime: isoOffset(r.dueAt),
    address: r.address ?? '',
    address_id: r.unitCode ?? '',
    zipcode: '',
    lat: r.lat,
    long: r.lng,
    media_url: '',
  };
}

export function presentUpdate(u: PublicCaseUpdate, locale: Locale) {
  return {
    update_id: `${u.number}-${u.seq}`,
    service_request_id: u.number,
    status: u.closed ? 'closed' : 'open',
    updated_datetime: isoOffset(u.at),
    description: t(locale, 'open311.update', { event: t(locale, `cases.event.${u.type}`), status: t(locale, `cases.status.${u.status}`) }),
    media_url: '',
  };
}
