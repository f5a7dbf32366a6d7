import { randomBytes } from 'node:crypto';
import type { CoreContext, ModuleManifest } from '../../core/module.ts';
import type { AccessService } from '../access/index.ts';
import type { CasesService } from '../cases/index.ts';
import type { PlaceFinder } from '../roster/index.ts';
import type { TreeService } from '../tree/index.ts';
import { open311Routes } from './routes.ts';

/** Open311 GeoReport v2 at /open311/v2/: our case categories as services, cases as service requests. */
export function createOpen311Module(_core: CoreContext, deps: { cases: CasesService; access: AccessService; tree: TreeService; places: PlaceFinder }) {
  const manifest: ModuleManifest = {
    name: 'open311',
    routes: open311Routes({ ...deps, startedAt: new Date() }),
    tag: { name: 'open311', description: 'Open311 GeoReport v2 (services, service requests, tokens, servicerequestupdates)' },
  };
  return { manifest };
}

/**
 * An api_key is an access API token of an account of its own (`open311:NAME`, no roles), so a key is
 * revoked like any token and its cases are reported by that client, never by a staff member.
 */
export async function createOpen311ApiKey(access: AccessService, name: string): Promise<{ username: string; key: string }> {
  const username = `open311:${name}`;
  const accountId = (await access.findAccountId(username))
    ?? (await access.createAccount({ username, displayName: `Open311 ${name}`, password: randomBytes(24).toString('base64url'), bindings: [] }));
  const { token } = await access.createApiToken(accountId, username);
  return { username, key: token };
}
