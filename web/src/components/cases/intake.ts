import { request } from '../../api.ts';
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

/** Submits a report with its Idempotency-Key: a retry after a lost answer returns the first case instead of making a second. */
export function submitCase(body: IntakeBody, key: string): Promise<CaseSummary> {
  return request<CaseSummary>('/api/cases', { method: 'POST', json: body, headers: { 'Idempotency-Key': key } });
}

/** A fresh key per report; kept across retries of the same report. */
export function newKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
