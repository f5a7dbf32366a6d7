import ical from 'ical-generator';

export interface CalendarMeeting {
  id: string;
  title: string;
  councilName: string;
  startsAt: Date;
  endsAt: Date | null;
  place: string;
  agenda: string[];
}

/**
 * An iCalendar feed of noticed meetings. Only what the public notice says: council, title, time, place
 * and agenda titles — no names of members or attendees. Times in UTC, which every client converts.
 */
export function meetingsCalendar(name: string, meetings: CalendarMeeting[], host: string): string {
  const calendar = ical({ name, prodId: { company: 'gongzhi', product: 'councils', language: 'ZH' } });
  for (const m of meetings) {
    calendar.createEvent({
      id: `${m.id}@${host}`,
      start: m.startsAt,
      end: m.endsAt ?? new Date(m.startsAt.getTime() + 2 * 3_600_000),
      summary: `${m.councilName} · ${m.title}`,
      ...(m.place ? { location: m.place } : {}),
      description: m.agenda.map((a, i) => `${i + 1}. ${a}`).join('\n'),
    });
  }
  return calendar.toString();
}
