import type { FieldError } from '../../../core/http/problem.ts';
import { parseIdNumber, type IdNumberInfo } from '../../../core/identity/id-number.ts';
import { parsePhone } from '../../../core/identity/phone.ts';
import { cleanName, nameHasDigits } from '../import/values.ts';
import type { ChangedFields } from '../tables.ts';

/** A person's fields as a request gives them; absent: unchanged (an edit) or not given (then required). */
export interface PersonInput {
  name?: string;
  idNumber?: string;
  /** null or blank: no phone (many of the oldest residents have none, decision 0143). */
  phone?: string | null;
  tags?: string[];
}

export interface CheckedPerson {
  name?: string;
  id?: IdNumberInfo;
  phone?: string | null;
  tags?: string[];
}

const at = (field: string) => `/body/${field}`;

/**
 * The import's rules for one person (decision 0148): a name without digits, a GB 11643 ID number, a mobile
 * or a landline with its area code, configured tags. Each problem is a field error with its JSON pointer.
 */
export function checkPerson(input: PersonInput, knownTags: ReadonlySet<string>): { person: CheckedPerson; errors: FieldError[] } {
  const person: CheckedPerson = {};
  const errors: FieldError[] = [];
  if (input.name !== undefined) {
    const name = cleanName(input.name.trim());
    if (!name) errors.push({ pointer: at('name'), code: 'roster.upkeep.nameRequired' });
    else if (nameHasDigits(name)) errors.push({ pointer: at('name'), code: 'roster.issue.nameDigits', params: { value: name } });
    else person.name = name;
  }
  if (input.idNumber !== undefined) {
    const id = parseIdNumber(input.idNumber);
    if ('problem' in id) errors.push({ pointer: at('idNumber'), code: `roster.idNumber.${id.problem}` });
    else person.id = id;
  }
  if (input.phone !== undefined) {
    const raw = input.phone?.trim() ?? '';
    if (!raw) person.phone = null;
    else {
      const phone = parsePhone(raw);
      if ('problem' in phone) {
        const code = phone.problem === 'landlineAreaCode' ? 'roster.issue.phoneAreaCode' : 'roster.issue.phoneFormat';
        errors.push({ pointer: at('phone'), code, params: { value: raw } });
      } else person.phone = phone.normalized;
    }
  }
  if (input.tags !== undefined) {
    const tags = [...new Set(input.tags)];
    tags.forEach((tag, i) => {
      if (!knownTags.has(tag)) errors.push({ pointer: at(`tags/${i}`), code: 'roster.upkeep.tagUnknown', params: { tag } });
    });
    person.tags = tags;
  }
  return { person, errors };
}

/** A departure date lies between the birth date and today (China time), both included. */
export function departureDateProblem(on: string, birthDate: string, today: string): string | null {
  if (!isCalendarDate(on)) return 'roster.upkeep.dateInvalid';
  if (on > today) return 'roster.upkeep.departureFuture';
  if (on < birthDate) return 'roster.upkeep.departureBeforeBirth';
  return null;
}

/** YYYY-MM-DD naming a real day (no 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * A new household's place in its building: a room always when the building has stairwells, and then one of
 * them; a building without stairwells (a village house) is its one household, with a blank room (0143).
 */
export function householdPlaceErrors(place: { stairwell: string; room: string }, stairwells: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  if (stairwells.length > 0) {
    if (!stairwells.includes(place.stairwell)) errors.push({ pointer: at('stairwell'), code: 'roster.upkeep.stairwellUnknown', params: { value: place.stairwell, allowed: stairwells.join(' ') } });
    if (!place.room) errors.push({ pointer: at('room'), code: 'roster.upkeep.roomRequired' });
  } else if (place.stairwell) errors.push({ pointer: at('stairwell'), code: 'roster.upkeep.noStairwells' });
  return errors;
}

/** A resident's fields as history keeps them: what anyone who may read the resident sees anyway. */
export interface ResidentView {
  name: string;
  idNumber: string;
  phone: string | null;
  householdRole: string;
  residency: string;
  tags: string[];
}

/** The fields that differ, from → to; tags compared as sets. */
export function changedFields(before: ResidentView, after: ResidentView): ChangedFields {
  const out: ChangedFields = {};
  for (const key of Object.keys(before) as (keyof ResidentView)[]) {
    const from = before[key];
    const to = after[key];
    const same = Array.isArray(from) && Array.isArray(to) ? from.length === to.length && from.every((x) => to.includes(x)) : from === to;
    if (!same) out[key] = { from, to };
  }
  return out;
}
