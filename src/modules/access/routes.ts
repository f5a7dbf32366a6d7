import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { scopesFor } from './policies.ts';
import { capabilitiesByRole } from './roles.ts';
import { requireCapability, requirePrincipal, sessionCookie } from './http.ts';
import type { AccessService } from './service.ts';

const Binding = Type.Object({
  role: Type.String(),
  scopePath: Type.String(),
  scopeCode: Type.String(),
  scopeName: Type.String(),
  capabilities: Type.Array(Type.String()),
});
const Me = Type.Object({
  accountId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  bindings: Type.Array(Binding),
});

export function accessRoutes(access: AccessService) {
  return async (app: FastifyInstance) => {
    const me = (p: NonNullable<import('fastify').FastifyRequest['principal']>) => ({
      accountId: p.accountId,
      username: p.username,
      displayName: p.displayName,
      bindings: p.bindings.map((b) => ({ ...b, capabilities: [...capabilitiesByRole[b.role]] })),
    });

    app.post('/api/auth/login', {
      schema: {
        tags: ['access'],
        summary: 'Sign in with a password; sets an httpOnly session cookie',
        security: [],
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }),
        response: { 200: Me },
      },
    }, async (request, reply) => {
      const { username, password } = request.body as { username: string; password: string };
      const result = await access.login(username, password, { ip: request.ip, ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}) });
      void reply.setCookie(sessionCookie, result.token, {
        httpOnly: true, sameSite: 'strict', path: '/', expires: result.expiresAt,
        secure: request.protocol === 'https',
      });
      return me(result.principal);
    });

    app.post('/api/auth/logout', { schema: { tags: ['access'], summary: 'Sign out' } }, async (request, reply) => {
      const token = request.cookies[sessionCookie];
      if (token) await access.logout(token);
      void reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send();
    });

    app.get('/api/auth/me', { schema: { tags: ['access'], summary: 'The signed-in account and its roles', response: { 200: Me } } }, async (request) =>
      me(requirePrincipal(request)),
    );

    app.post('/api/auth/tokens', {
      schema: {
        tags: ['access'],
        summary: 'Create an API token for an integration; it acts with the roles of the account',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 201: Type.Object({ id: Type.String(), token: Type.String() }) },
      },
    }, async (request, reply) => {
      const principal = requireCapability(request, 'tokens.create');
      const created = await access.createApiToken(principal.accountId, (request.body as { name: string }).name);
      await access.audit(principal, { action: 'token.create', subjectType: 'apiToken', subjectId: created.id, ip: request.ip });
      return reply.status(201).send(created);
    });

    app.get('/api/audit', {
      schema: {
        tags: ['access'],
        summary: 'The audit log of the caller’s part of the tree: unmasked reads, exports, sign-ins',
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          before: Type.Optional(Type.Integer({ minimum: 1 })),
          action: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    }, async (request) => {
      const principal = requireCapability(request, 'audit.read');
      const q = request.query as { limit: number; before?: number; action?: string };
      const rows = await access.listAudit(scopesFor(principal, 'audit.read'), {
        limit: q.limit,
        ...(q.before ? { beforeId: q.before } : {}),
        ...(q.action ? { action: q.action } : {}),
        includeUnscoped: principal.bindings.some((b) => b.role === 'admin' || b.role === 'countyCentre'),
      });
      return {
        items: rows.map((r) => ({
          id: Number(r.id), at: r.at, username: r.username, action: r.action, subjectType: r.subject_type,
          subjectId: r.subject_id, scopePath: r.scope_path, detail: r.detail, ip: r.ip,
        })),
      };
    });
  };
}
