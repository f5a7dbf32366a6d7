import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Problem } from '../../core/http/problem.ts';
import { requireCapability } from './http.ts';
import { scopesFor, within, type Binding } from './policies.ts';
import { isRole, roles } from './roles.ts';
import type { AccessService } from './service.ts';

/** Turns a unit or household code into the node a role is bound to; supplied by the app (tree, roster). */
export type ScopeResolver = (code: string) => Promise<{ path: string; name: string } | null>;

const BindingInput = Type.Object({
  role: Type.Union(roles.map((r) => Type.Literal(r))),
  unitCode: Type.String({ minLength: 2, maxLength: 64, description: 'A unit code, or a household code for a resident' }),
});

/**
 * Staff with `accounts.manage` create accounts and bind roles, but only inside their own subtree, and
 * never an administrator unless they are one: nobody can give away more than they hold.
 */
export function accountRoutes(access: AccessService, resolveScope: ScopeResolver) {
  return async (app: FastifyInstance) => {
    app.post('/api/accounts', {
      schema: {
        tags: ['access'],
        summary: 'Create an account with its roles, inside the caller’s part of the tree',
        body: Type.Object({
          username: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{2,63}$' }),
          displayName: Type.String({ minLength: 1, maxLength: 40 }),
          password: Type.String({ minLength: 10, maxLength: 256 }),
          bindings: Type.Array(BindingInput, { minItems: 1, maxItems: 10 }),
        }),
      },
    }, async (request, reply) => {
      const principal = requireCapability(request, 'accounts.manage');
      const body = request.body as { username: string; displayName: string; password: string; bindings: { role: string; unitCode: string }[] };
      const scopes = scopesFor(principal, 'accounts.manage');
      const isAdmin = principal.bindings.some((b) => b.role === 'admin');
      const bindings: Binding[] = [];
      for (const [i, b] of body.bindings.entries()) {
        if (!isRole(b.role) || (b.role === 'admin' && !isAdmin)) throw new Problem(403, 'access.cannotGrantRole', { role: b.role });
        const scope = await resolveScope(b.unitCode);
        if (!scope) throw new Problem(422, 'access.unknownScope', { code: b.unitCode }, { errors: [{ pointer: `/body/bindings/${i}/unitCode`, code: 'access.unknownScope', params: { code: b.unitCode } }] });
        if (!scopes.some((s) => within(scope.path, s))) throw new Problem(403, 'common.problem.outsideScope');
        bindings.push({ role: b.role, scopePath: scope.path, scopeCode: b.unitCode, scopeName: scope.name });
      }
      if (await access.findAccountId(body.username)) throw new Problem(409, 'access.usernameTaken', { username: body.username });
      const id = await access.createAccount({ username: body.username, displayName: body.displayName, password: body.password, bindings });
      await access.audit(principal, { action: 'account.create', subjectType: 'account', subjectId: id, scopePath: bindings[0]!.scopePath, detail: { username: body.username, roles: bindings.map((b) => `${b.role}@${b.scopeCode}`) }, ip: request.ip });
      return reply.status(201).send({ id, username: body.username, bindings });
    });

    app.get('/api/accounts', {
      schema: { tags: ['access'], summary: 'Accounts with a role inside the caller’s part of the tree' },
    }, async (request) => {
      const principal = requireCapability(request, 'accounts.manage');
      return { items: await access.listAccounts(scopesFor(principal, 'accounts.manage')) };
    });
  };
}
