import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-CN';

type Catalog = Record<string, string>;
const localeDir = new URL('../locales/', import.meta.url).pathname;

/**
 * Each locale is a folder of JSON files, one per namespace (`geo.json`, `roster.json` …), so modules
 * never edit each other's files. A key is `<namespace>.<key inside the file>`.
 */
function loadCatalog(locale: Locale): Catalog {
  const catalog: Catalog = {};
  const dir = join(localeDir, locale);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const ns = file.slice(0, -'.json'.length);
    const entries = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>;
    for (const [key, text] of Object.entries(entries)) catalog[`${ns}.${key}`] = text;
  }
  return catalog;
}

const catalogs = new Map<Locale, Catalog>();
function catalog(locale: Locale): Catalog {
  let c = catalogs.get(locale);
  if (!c) {
    c = loadCatalog(locale);
    catalogs.set(locale, c);
  }
  return c;
}

export type Params = Record<string, string | number>;

/** Message for `key` with `{name}` placeholders filled; falls back to zh-CN, then to the key itself. */
export function t(locale: Locale, key: string, params: Params = {}): string {
  const template = catalog(locale)[key] ?? catalog(defaultLocale)[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function hasKey(locale: Locale, key: string): boolean {
  return key in catalog(locale);
}

/** Picks the best supported locale from an Accept-Language header (or a `lang` query value). */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return defaultLocale;
  const wanted = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((w) => w.tag && !Number.isNaN(w.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return defaultLocale;
}
