/**
 * Live quorum for meeting pages (Server-Sent Events). In-process and sent after commit: a hint to show
 * the new figure; the attendance table is the truth, so a page on another process polls instead.
 */
export interface QuorumPush {
  meetingId: string;
  event: 'quorum' | 'item';
  data: Record<string, unknown>;
}

type Listener = (push: QuorumPush) => void;

export class MeetingHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(meetingId: string, listener: Listener): () => void {
    let set = this.listeners.get(meetingId);
    if (!set) this.listeners.set(meetingId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(meetingId);
    };
  }

  publish(push: QuorumPush): void {
    for (const l of this.listeners.get(push.meetingId) ?? []) l(push);
  }
}
