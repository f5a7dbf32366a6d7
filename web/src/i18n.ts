import { computed, ref } from 'vue';
import type { Language } from 'element-plus/es/locale/index.mjs';
import zhCnElement from 'element-plus/es/locale/lang/zh-cn.mjs';
import enElement from 'element-plus/es/locale/lang/en.mjs';
import zhCN, { type Messages } from './locales/zh-CN.ts';
import en from './locales/en.ts';

export type Locale = 'zh-CN' | 'en';
const messages: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
const elementLocales: Record<Locale, Language> = { 'zh-CN': zhCnElement, en: enElement };
const storageKey = 'gz.locale';

function initial(): Locale {
  const saved = localStorage.getItem(storageKey);
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

export const locale = ref<Locale>(initial());
export const elementLocale = computed(() => elementLocales[locale.value]);

export function setLocale(next: Locale): void {
  locale.value = next;
  localStorage.setItem(storageKey, next);
  document.documentElement.lang = next;
  document.title = t('app.title');
}

/** Looks up a dotted key (`menu.tree`) in the current locale; `{name}` placeholders are filled from params. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  let node: unknown = messages[locale.value];
  for (const part of splitKey(key)) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== 'string') return key;
  return node.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Like t, but answers `fallback` when the key is missing (for codes the server may add later). */
export function tOr(key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

// Audit actions carry dots themselves (`roster.unmask`): the last segments after a known group are one key.
function splitKey(key: string): string[] {
  const m = /^(audit\.actions)\.(.+)$/.exec(key);
  return m ? [...m[1]!.split('.'), m[2]!] : key.split('.');
}
