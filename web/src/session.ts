import { computed, ref } from 'vue';
import { request } from './api.ts';
import type { Me } from './types.ts';

/** The signed-in account, or null. `undefined` until the first /api/auth/me has answered. */
export const me = ref<Me | null | undefined>(undefined);

export const capabilities = computed(() => new Set((me.value?.bindings ?? []).flatMap((b) => b.capabilities)));

export function can(capability: string): boolean {
  return capabilities.value.has(capability);
}

/** May the signed-in account open a page that needs this capability and (if given) one of these roles? */
export function mayOpen(def: { capability?: string; roles?: string[] }): boolean {
  if (def.capability && !can(def.capability)) return false;
  return !def.roles || (me.value?.bindings ?? []).some((b) => def.roles!.includes(b.role));
}

export async function loadMe(): Promise<Me | null> {
  try {
    me.value = await request<Me>('/api/auth/me', { allowUnauthorized: true });
  } catch {
    me.value = null;
  }
  return me.value;
}

export async function login(username: string, password: string): Promise<Me> {
  const result = await request<Me>('/api/auth/login', { method: 'POST', json: { username, password }, allowUnauthorized: true });
  me.value = result;
  return result;
}

export async function logout(): Promise<void> {
  try {
    await request<void>('/api/auth/logout', { method: 'POST', allowUnauthorized: true });
  } finally {
    me.value = null;
  }
}
