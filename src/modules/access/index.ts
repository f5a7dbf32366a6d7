import { tablesOf } from '../../core/db/database.ts';
import type { CoreContext, ModuleManifest } from '../../core/module.ts';
import { AccessService, defaultLoginPolicy, type LoginPolicy } from './service.ts';
import { accessRoutes } from './routes.ts';
import type { AccessTables } from './tables.ts';

export { AccessService } from './service.ts';
export { accountRoutes, type ScopeResolver } from './accounts.ts';
export { installAuthentication, requireCapability, requirePrincipal } from './http.ts';
export { can, canSeeNode, scopesFor, within, type Binding, type Principal } from './policies.ts';
export { roles, isRole, capabilitiesByRole, type Role, type Capability } from './roles.ts';
export type { AuditEntry, AuditWriter } from './audit.ts';

export function createAccessModule(core: CoreContext, policy: LoginPolicy = defaultLoginPolicy) {
  const service = new AccessService(tablesOf<AccessTables>(core.db), policy, {
    // Two lookups at once on a server; the embedded database has one connection.
    concurrency: core.db.kind === 'embedded' ? 1 : 2, maxBatch: 64,
  });
  const manifest: ModuleManifest = {
    name: 'access',
    routes: accessRoutes(service),
    tag: { name: 'access', description: 'Accounts, sessions, API tokens and the audit log' },
  };
  return { manifest, service };
}
