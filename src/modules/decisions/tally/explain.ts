import { hasKey, t, type Locale } from '../../../core/i18n.ts';
import type { Step, StepParams } from './types.ts';

/** Parameters whose values are codes (reasons, choices, outcomes…) and get a label of their own. */
const codedParams = new Set(['reason', 'choice', 'result', 'rule', 'strict', 'deemed', 'base', 'constituency']);

function labelled(locale: Locale, params: StepParams): StepParams {
  const out: StepParams = {};
  for (const [name, value] of Object.entries(params)) {
    const key = `tally.value.${value}`;
    out[name] = typeof value === 'string' && codedParams.has(name) && hasKey(locale, key) ? t(locale, key) : value;
  }
  return out;
}

export interface RenderedStep extends Step {
  text: string;
}

/** The explanation as people read it; the codes and raw parameters stay beside the text. */
export function renderExplanation(steps: readonly Step[], locale: Locale): RenderedStep[] {
  return steps.map((s) => ({ ...s, text: t(locale, `tally.${s.code}`, labelled(locale, s.params)) }));
}
