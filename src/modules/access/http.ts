import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem } from '../../core/http/problem.ts';
import { can, type Principal } from './policies.ts';
import type { Capability } from './roles.ts';
import type { AccessService } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const sessionCookie = 'gz_session';

/** Resolves the caller from the session cookie or a bearer API token, once per request. */
export function installAuthentication(app: FastifyInstance, access: AccessService): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.principal = await access.principalFromApiToken(header.slice('Bearer '.length).trim());
      return;
    }
    const token = request.cookies[sessionCookie];
    if (token) request.principal = await access.principalFromSession(token);
  });
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new Problem(401, 'common.problem.unauthorized');
  return request.principal;
}

/** The caller, who must hold `capability` somewhere (and at `path` when given). */
export function requireCapability(request: FastifyRequest, capability: Capability, path?: string): Principal {
  const principal = requirePrincipal(request);
  if (!can(principal, capability, path)) {
    throw new Problem(403, path === undefined || can(principal, capability) ? 'common.problem.outsideScope' : 'common.problem.forbidden');
  }
  return principal;
}
