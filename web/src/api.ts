import { ElMessage } from 'element-plus';
import { locale, t } from './i18n.ts';

/** An RFC 9457 problem as the server sends it; `detail` is already in the request's language. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { pointer: string; message: string }[];
  issues?: ImportIssue[];
  [key: string]: unknown;
}

export interface ImportIssue {
  row: number | null;
  column: string | null;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem, readonly retryAfter: number | null) {
    super(problem.detail ?? problem.title ?? t('common.unknownError', { status }));
  }
}

/** Called when the server says the session is gone, so the app can return to the login page. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | boolean | readonly string[] | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  method?: string;
  query?: Query;
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
  /** Leave 401 to the caller (the login form) instead of sending the user to the login page. */
  allowUnauthorized?: boolean;
  /** Extra request headers, e.g. `Idempotency-Key`. */
  headers?: Record<string, string>;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': locale.value, ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.contentType) {
    headers['Content-Type'] = options.contentType;
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), { method: options.method ?? 'GET', headers, body: body ?? null, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { status: 0, detail: t('common.networkError') }, null);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem: Problem = isObject(data) ? ({ status: response.status, ...data } as Problem) : { status: response.status };
    const retry = Number(response.headers.get('retry-after'));
    const error = new ApiError(response.status, problem, Number.isFinite(retry) && retry > 0 ? retry : null);
    if (response.status === 401 && !options.allowUnauthorized) onUnauthorized();
    throw error;
  }
  return data as T;
}

/** Shows a failed request the way the console always does: an ElMessage with the problem's detail. */
export function showError(error: unknown, options: { evenUnauthorized?: boolean } = {}): void {
  // A 401 elsewhere means the session ended: App already sends the user to the login page.
  if (error instanceof ApiError && error.status === 401 && !options.evenUnauthorized) return;
  const message = error instanceof Error ? error.message : String(error);
  ElMessage({ type: 'error', message, grouping: true, showClose: true });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
