import type { CoreContext, ModuleManifest } from '../../../core/module.ts';
import type { MotionsApi } from '../contracts.ts';
import type { DecisionsDeps } from '../index.ts';

// Placeholder until the part lands: registers nothing.
export function createConventionsPart(_core: CoreContext, _deps: DecisionsDeps & { motions: MotionsApi }) {
  const manifest: ModuleManifest = { name: 'decisions.conventions' };
  return { manifest };
}
