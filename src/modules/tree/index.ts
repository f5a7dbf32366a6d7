import { tablesOf } from '../../core/db/database.ts';
import type { CoreContext, ModuleManifest } from '../../core/module.ts';
import { TreeService } from './service.ts';
import { treeRoutes } from './routes.ts';
import type { TreeTables } from './tables.ts';

export { TreeService, type Located } from './service.ts';
export { importGeoJson, type FeatureIssue, type GeoJsonImportResult } from './import-geojson.ts';
export type { UnitRow } from './repository.ts';
export { unitKinds, type UnitKind } from './tables.ts';
export { childPath, codesOfPath } from './paths.ts';

export function createTreeModule(core: CoreContext) {
  const service = new TreeService(tablesOf<TreeTables>(core.db));
  const manifest: ModuleManifest = {
    name: 'tree',
    routes: treeRoutes(service),
    tag: { name: 'tree', description: 'The governance tree (county → street → community → grid → micro-grid) and locate' },
  };
  return { manifest, service };
}
