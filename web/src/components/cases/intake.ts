import { ApiError, type Problem } from '../../api.ts';
import { locale, t } from '../../i18n.ts';
import type { CaseSummary } from './types.ts';

export interface IntakeBody {
  category: string;
  description: string;
  lng?: number;
  lat?: number;
  crs?: 'wgs84';
  address?: string;
  reporter?: { name?: string; phone?: string };
}

/**
 * Submits a report with its Idempotency-Key (the console's `request` sends no custom headers): a retry
 * after a lost answer returns the first case instead of making a second one.
 */
export async function submitCase(body: IntakeBody, key: string): Promise<CaseSummary> {
  let response: Response;
  try {
    response = await fetch('/api/cases', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Accept-Language': locale.value, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { status: 0, detail: t('common.networkError') }, null);
  }
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem: Problem = typeof data === 'object' && data !== null ? ({ status: response.status, ...data } as Problem) : { status: response.status };
    throw new ApiError(response.status, problem, null);
  }
  return data as CaseSummary;
}

/** A fresh key per report; kept across retries of the same report. */
export function newKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
