import { onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { request } from '../../api.ts';
import { route } from '../../router.ts';

/** A notice as `GET /api/notifications` gives it: `message` is already in the console's language. */
export interface Notice {
  id: number;
  caseId: string | null;
  caseNumber: string | null;
  message: string;
  createdAt: string;
  read: boolean;
}

export const pollMs = 30_000;

export async function latestNotices(limit = 20): Promise<{ items: Notice[]; unread: number }> {
  return request<{ items: Notice[]; unread: number }>('/api/notifications', { query: { limit } });
}

/** Marks the ids, or every notice up to `upTo`, read for this account; answers the new unread count. */
export async function markRead(which: { ids: number[] } | { all: true; upTo?: number }): Promise<number> {
  return (await request<{ unread: number }>('/api/notifications/read', { method: 'POST', json: which })).unread;
}

/** The case page of a notice: by number when known (the address people read out), else by id. */
export function caseLink(n: Notice): string | null {
  const ref = n.caseNumber ?? n.caseId;
  return ref ? `/cases/${encodeURIComponent(ref)}` : null;
}

/**
 * The unread count, polled every 30 s and on every route change. A failed poll keeps the last count
 * quietly: a 401 already sends the user to the login page, and anything else is retried at the next tick.
 */
export function useUnreadCount() {
  const unread = ref(0);
  let timer: ReturnType<typeof setInterval> | undefined;
  async function refresh(): Promise<void> {
    try {
      unread.value = (await request<{ unread: number }>('/api/notifications/unread-count')).unread;
    } catch {
      // Shown nowhere on purpose: see above.
    }
  }
  onMounted(() => {
    void refresh();
    // A hidden tab does not poll; it catches up when shown or on the next navigation.
    timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') void refresh();
    }, pollMs);
  });
  onBeforeUnmount(() => clearInterval(timer));
  watch(() => route.value.path, () => void refresh());
  return { unread, refresh };
}
