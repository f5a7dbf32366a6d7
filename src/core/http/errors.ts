import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t, type Locale, type Params } from '../i18n.ts';
import { Problem, type FieldError } from './problem.ts';

export const problemBase = 'https://gongzhi.dev/problems/';

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** Fastify's schema errors become field errors with a localized message per keyword. */
function fieldErrorsFrom(error: FastifyError): FieldError[] {
  const context = error.validationContext ?? 'body';
  const list = (error.validation ?? []) as AjvLikeError[];
  return list.map((v) => {
    const params: Params = {};
    for (const [k, value] of Object.entries(v.params ?? {})) {
      if (typeof value === 'string' || typeof value === 'number') params[k] = value;
      else if (Array.isArray(value)) params[k] = value.join(', ');
    }
    const missing = typeof v.params?.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
    return {
      pointer: `/${context}${v.instancePath ?? ''}${missing}`,
      code: `common.validation.${v.keyword ?? 'invalid'}`,
      params,
    };
  });
}

function render(request: FastifyRequest, problem: Problem) {
  const locale: Locale = request.locale;
  const errors = problem.extra.errors?.map((e) => ({
    pointer: e.pointer,
    code: e.code,
    message: t(locale, e.code, { ...e.params, field: e.pointer.split('/').pop() ?? '' }),
  }));
  const { errors: _e, retryAfterSeconds: _r, ...extra } = problem.extra;
  return {
    type: `${problemBase}${problem.code.replace(/^[^.]+\.problem\./, '').replace(/\./g, '/')}`,
    title: t(locale, `common.status.${problem.status}`),
    status: problem.status,
    detail: t(locale, problem.code, problem.params),
    instance: request.url.split('?')[0],
    code: problem.code,
    ...extra,
    ...(errors ? { errors } : {}),
  };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Problem, request: FastifyRequest, reply: FastifyReply) => {
    let problem: Problem;
    if (error instanceof Problem) problem = error;
    else if ((error as FastifyError).validation) {
      problem = new Problem(400, 'common.problem.validation', {}, { errors: fieldErrorsFrom(error as FastifyError) });
    } else if ((error as FastifyError).statusCode && (error as FastifyError).statusCode! < 500) {
      const status = (error as FastifyError).statusCode!;
      problem = new Problem(status, `common.problem.http${status}`, { message: error.message });
    } else {
      request.log.error({ err: error }, 'unhandled error');
      problem = new Problem(500, 'common.problem.internal');
    }
    if (problem.extra.retryAfterSeconds) reply.header('retry-after', String(problem.extra.retryAfterSeconds));
    void reply.status(problem.status).type('application/problem+json; charset=utf-8').send(render(request, problem));
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = new Problem(404, 'common.problem.routeNotFound', { path: request.url.split('?')[0] ?? '' });
    void reply.status(404).type('application/problem+json; charset=utf-8').send(render(request, problem));
  });
}
