/**
 * Live pushes to responders and duty operators (Server-Sent Events). In-process: a push is a hint to
 * refetch, sent after the change commits; the lists in the database are the truth, so a missed or
 * doubled push (another process, a reconnect) costs nothing.
 */
export interface Push {
  /** An account, or `community:<path>` for the duty operators of a community. */
  to: string;
  event: 'offer' | 'withdrawn' | 'accepted' | 'outcome' | 'alarm' | 'task' | 'cancelled';
  data: Record<string, unknown>;
}

type Listener = (push: Push) => void;

export class PushHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(keys: string[], listener: Listener): () => void {
    for (const k of keys) {
      let set = this.listeners.get(k);
      if (!set) this.listeners.set(k, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const k of keys) this.listeners.get(k)?.delete(listener);
    };
  }

  publish(pushes: readonly Push[]): void {
    for (const p of pushes) {
      if (p.to.startsWith('community:')) {
        // An operator subscribed at a street or county sees the communities below.
        const path = p.to.slice('community:'.length);
        for (const [k, set] of this.listeners) if (k.startsWith('community:') && path.startsWith(k.slice('community:'.length))) for (const l of set) l(p);
      } else for (const l of this.listeners.get(p.to) ?? []) l(p);
    }
  }
}
