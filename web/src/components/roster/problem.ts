import { reactive } from 'vue';
import { ApiError } from '../../api.ts';
import { t } from '../../i18n.ts';

/**
 * A form's state while it talks to the server: the server's field errors under the form items they point at
 * (`/body/phone` → item `phone`, `/body/tags/0` → `tags`, `/body/head/formerHeadRole` → `formerHeadRole`),
 * and the problem's `detail` (or an error no item shows) above the buttons.
 */
export function useServerForm(fields: readonly string[]) {
  const state = reactive({ busy: false, problem: '', errors: {} as Record<string, string> });

  function clear(): void {
    state.problem = '';
    state.errors = {};
  }

  function take(error: unknown): void {
    clear();
    if (!(error instanceof ApiError)) {
      state.problem = error instanceof Error ? error.message : String(error);
      return;
    }
    const unplaced: string[] = [];
    for (const e of error.problem.errors ?? []) {
      const field = fieldOf(e.pointer, fields);
      if (field) state.errors[field] = state.errors[field] ? `${state.errors[field]}${t('roster.form.errorSeparator')}${e.message}` : e.message;
      else unplaced.push(e.message);
    }
    if (unplaced.length > 0) state.problem = unplaced.join(t('roster.form.errorSeparator'));
    else if (!error.problem.errors?.length) state.problem = error.message;
  }

  /** Runs the request; true when it went through, false when its problem is now shown in the form. */
  async function run(work: () => Promise<void>): Promise<boolean> {
    state.busy = true;
    clear();
    try {
      await work();
      return true;
    } catch (error) {
      take(error);
      return false;
    } finally {
      state.busy = false;
    }
  }

  return { state, clear, run, take };
}

/** The deepest segment of a `/body/...` pointer that names one of the form's items. */
export function fieldOf(pointer: string, fields: readonly string[]): string | null {
  const segments = pointer.split('/').slice(2).reverse();
  return segments.find((s) => fields.includes(s)) ?? null;
}
