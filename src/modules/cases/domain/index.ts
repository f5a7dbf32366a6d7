export { apply, replay } from './apply.ts';
export { planDeadline, shiftAfterSuspension, limitFor, type TimeLimit, type TimeLimitPolicy } from './deadlines.ts';
export { factsHistory, factsOf, sameFacts, type FactsVersion, type IndicatorFacts } from './facts.ts';
export {
  caseFacts,
  computeIndicators,
  durationStats,
  type CaseFacts,
  type DurationStats,
  type GroupBy,
  type IndicatorOptions,
  type IndicatorReport,
  type Indicators,
} from './indicators.ts';
export {
  resolveRoute,
  routingLevels,
  type CategoryRoute,
  type HandlerSpec,
  type Level,
  type LocatedPlace,
  type Route,
  type RoutingMatrix,
  type RoutingRequest,
} from './routing.ts';
export { openStatuses, isOpen } from './guards.ts';
export { parseTimerId, timerId } from './timers.ts';
export type * from './types.ts';
