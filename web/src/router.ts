import { computed, shallowRef, type Component } from 'vue';

/**
 * A small history-mode router (vue-router is not a dependency): the server answers every client route
 * with index.html, and pages are loaded lazily on first visit.
 */
export interface RouteDef {
  name: string;
  /** `/tree/:code?` style patterns; a trailing `?` makes the last parameter optional. */
  path: string;
  component: () => Promise<{ default: Component }>;
  /** Menu title key and the capability needed to see the page. */
  title?: string;
  capability?: string;
  /** Shown only to accounts with one of these roles (care pages follow roles, not capabilities). */
  roles?: string[];
  public?: boolean;
}

export interface CurrentRoute {
  def: RouteDef | null;
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

let routes: RouteDef[] = [];
const location = shallowRef(readLocation());

export function defineRoutes(defs: RouteDef[]): void {
  routes = defs;
  location.value = readLocation();
}

function readLocation() {
  return { path: window.location.pathname, search: window.location.search };
}

function match(pattern: string, path: string): Record<string, string> | null {
  const parts = pattern.split('/').filter(Boolean);
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params: Record<string, string> = {};
  if (segments.length > parts.length) return null;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i];
    if (part.startsWith(':')) {
      const optional = part.endsWith('?');
      const name = part.slice(1, optional ? -1 : undefined);
      if (segment === undefined) {
        if (optional) continue;
        return null;
      }
      params[name] = segment;
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}

export const route = computed<CurrentRoute>(() => {
  const { path, search } = location.value;
  for (const def of routes) {
    const params = match(def.path, path);
    if (params) return { def, params, query: new URLSearchParams(search), path };
  }
  return { def: null, params: {}, query: new URLSearchParams(search), path };
});

export function navigate(to: string, replace = false): void {
  if (to === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  location.value = readLocation();
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => {
  location.value = readLocation();
});
