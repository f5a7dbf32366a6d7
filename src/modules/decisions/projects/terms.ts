/**
 * Terms of a five-society service project (五社联动). The assembly approves a project for a term; the
 * renewal vote opens `noticeDays` before the term ends, so the organization knows in time whether it goes
 * on. Dates are calendar dates (YYYY-MM-DD) in UTC arithmetic: no time zone moves a term's end.
 */
export interface Term {
  termNo: number;
  startsOn: string;
  endsOn: string;
}

const day = 86_400_000;
const parse = (d: string) => Date.parse(`${d}T00:00:00Z`);
const format = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Adds whole months; the 31st of a month without one lands on its last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return format(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last)));
}

/** A term covers `months` from its start; it ends the day before the same date `months` later. */
export function firstTerm(startsOn: string, months: number): Term {
  return { termNo: 1, startsOn, endsOn: format(parse(addMonths(startsOn, months)) - day) };
}

/** The term a passed renewal opens: the day after the current one ends, of the same length. */
export function nextTerm(current: Term, months: number): Term {
  const startsOn = format(parse(current.endsOn) + day);
  return { termNo: current.termNo + 1, startsOn, endsOn: format(parse(addMonths(startsOn, months)) - day) };
}

/** When the renewal vote opens: `noticeDays` before the end of the term, never before it starts. */
export function renewalDueAt(term: Term, noticeDays: number): Date {
  const endOfTerm = parse(term.endsOn) + day;
  return new Date(Math.max(parse(term.startsOn), endOfTerm - noticeDays * day));
}

/** The instant the term is over (midnight after its last day, UTC): the project ends then unless renewed. */
export function termOverAt(term: Term): Date {
  return new Date(parse(term.endsOn) + day);
}

export type ServiceStatus = 'proposed' | 'rejected' | 'active' | 'renewalPending' | 'ended';

/** A service project continues past its term only if the renewal passed; anything else ends it. */
export function afterTerm(status: ServiceStatus, renewalPassed: boolean | null): ServiceStatus {
  if (status !== 'renewalPending' && status !== 'active') return status;
  return renewalPassed === true ? 'active' : 'ended';
}
