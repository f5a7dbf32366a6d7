import { ref } from 'vue';
import { request } from './api.ts';
import { locale } from './i18n.ts';
import type { Tag } from './types.ts';

/** The configured resident tags, loaded once; labels follow the console's language. */
export const tags = ref<Tag[]>([]);
let pending: Promise<void> | null = null;

export function loadTags(): Promise<void> {
  pending ??= request<{ items: Tag[] }>('/api/tags')
    .then((r) => {
      tags.value = r.items;
    })
    .catch(() => {
      pending = null;
    });
  return pending;
}

export function tagLabel(code: string): string {
  const tag = tags.value.find((x) => x.code === code || x.zh === code);
  if (!tag) return code;
  return locale.value === 'en' ? tag.en : tag.zh;
}
