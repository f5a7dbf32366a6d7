/** The councils API's answers, as the console reads them. */
export interface Council {
  id: string;
  kind: string;
  name: string;
  scope: { code: string; name: string; path: string };
}

export interface Quorum { members: number; present: number; required: number; met: boolean }

export interface CouncilDetail extends Council {
  noticeDays: number;
  quorum: Record<string, string | number>;
  monthlyDay: number | null;
  standingSeats: number | null;
  canManage: boolean;
  terms: { id: string; name: string; startsOn: string; endsOn: string | null; seats: { id: string; memberId: string; standing: boolean; constituency: string | null; title: string }[] }[];
  members: { id: string; name: string; fromRoster: boolean; note: string }[];
}

export interface MeetingSummary { id: string; title: string; startsAt: string; place: string; status: string }

export interface Item {
  id: string; position: number; title: string; text: string; onNotice: boolean; status: string; motionId: string | null; passed: boolean | null;
  decision: { electorate: string } | null;
  result: { outcome: string; counts: Record<string, number | string> } | null;
}

export interface MeetingDetail extends MeetingSummary {
  council: { id: string; name: string; kind: string };
  notice: { publishedAt: string; text: string; days: number } | null;
  checkinToken?: string;
  canManage: boolean;
  canCheckIn: boolean;
  quorum: Quorum;
  items: Item[];
  members: { memberId: string; name: string; standing: boolean; title: string; present: boolean }[];
  minutes: { status: string; version: number } | null;
}

export interface Minutes { status: string; body: string; version: number }
