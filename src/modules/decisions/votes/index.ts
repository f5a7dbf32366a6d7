import type { CoreContext, ModuleManifest } from '../../../core/module.ts';
import type { MotionsApi } from '../contracts.ts';
import type { DecisionsDeps } from '../index.ts';

// Placeholder until the part lands.
export function createVotesPart(_core: CoreContext, _deps: DecisionsDeps): { manifest: ModuleManifest; motions: MotionsApi } {
  const unavailable = () => Promise.reject(new Error('votes part not built yet'));
  const motions: MotionsApi = { registerRoll: () => undefined, onOutcome: () => undefined, createMotion: unavailable, announce: unavailable, close: unavailable };
  return { manifest: { name: 'decisions.votes' }, motions };
}
