import type { Params } from '../i18n.ts';

export interface FieldError {
  /** JSON pointer into the request, e.g. `/body/phone` or `/query/limit`. */
  pointer: string;
  code: string;
  params?: Params;
}

/**
 * An RFC 9457 problem. `code` names a locale key (`<namespace>.<key>`); the title and detail are
 * rendered in the request's language when the error leaves the server.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Params = {},
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number; [key: string]: unknown } = {},
  ) {
    super(code);
  }
}

export const problems = {
  badRequest: (code: string, params?: Params, errors?: FieldError[]) =>
    new Problem(400, code, params, errors ? { errors } : {}),
  unauthorized: () => new Problem(401, 'common.problem.unauthorized'),
  forbidden: (code = 'common.problem.forbidden', params?: Params) => new Problem(403, code, params),
  notFound: (code = 'common.problem.notFound', params?: Params) => new Problem(404, code, params),
  conflict: (code: string, params?: Params) => new Problem(409, code, params),
  unprocessable: (code: string, params?: Params, extra?: Problem['extra']) => new Problem(422, code, params, extra),
  tooManyRequests: (retryAfterSeconds: number) =>
    new Problem(429, 'common.problem.tooManyRequests', { seconds: retryAfterSeconds }, { retryAfterSeconds }),
};
