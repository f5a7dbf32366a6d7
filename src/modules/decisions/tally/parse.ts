import { Compile, type Validator } from 'typebox/compile';
import { parseArea } from './area.ts';
import type { ApprovalSelectInput } from './approvalSelect.ts';
import type { Civil278Input, Civil278Matter } from './civilCode278.ts';
import type { RankedChoiceInput } from './rankedChoice.ts';
import type { ScoreInput } from './score.ts';
import type { SimpleMajorityInput } from './simpleMajority.ts';
import {
  methods,
  schemas,
  type ApprovalSelectFile,
  type Civil278File,
  type Method,
  type RankedChoiceFile,
  type ScoreFile,
  type SimpleMajorityFile,
  type ThresholdFile,
} from './schema.ts';
import { parseFraction, type Threshold } from './threshold.ts';
import type { Ballot, StepParams } from './types.ts';
import { developerHeadId } from './heads.ts';
import { instant } from './time.ts';

/** One problem in a tally file; `code` is the key of `tally.error.<code>` in the locale files. */
export interface FieldError {
  path: string;
  code: string;
  params: StepParams;
}

export type TallyRequest =
  | { method: 'civilCode278'; input: Civil278Input }
  | { method: 'simpleMajority'; input: SimpleMajorityInput }
  | { method: 'approvalSelect'; input: ApprovalSelectInput }
  | { method: 'rankedChoice'; input: RankedChoiceInput }
  | { method: 'score'; input: ScoreInput };

export type ParseResult = { ok: true; request: TallyRequest } | { ok: false; errors: FieldError[] };

const validators = new Map<Method, Validator>();
function validator(method: Method): Validator {
  let v = validators.get(method);
  if (!v) {
    v = Compile(schemas[method]) as unknown as Validator;
    validators.set(method, v);
  }
  return v;
}

function schemaErrors(method: Method, value: unknown): FieldError[] {
  const v = validator(method);
  if (v.Check(value)) return [];
  const errors: FieldError[] = [];
  for (const e of v.Errors(value)) {
    if (e.keyword === 'additionalProperties') continue; // reported once per field by the `false` schema
    if (e.keyword === 'boolean' && e.schemaPath.endsWith('/additionalProperties')) {
      errors.push({ path: e.instancePath, code: 'unknownField', params: {} });
      continue;
    }
    const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
    const required = (e.params as { requiredProperties?: string[] }).requiredProperties;
    if (required) for (const r of required) errors.push({ path: `${e.instancePath}/${r}`, code: 'missing', params: {} });
    else if (allowed) errors.push({ path: e.instancePath, code: 'notAllowed', params: { allowed: allowed.join(', ') } });
    else errors.push({ path: e.instancePath || '/', code: 'schema', params: { message: e.message } });
  }
  return errors;
}

function threshold(t: ThresholdFile, path: string, errors: FieldError[]): Threshold {
  const keys = Object.keys(t);
  if (keys.length !== 1) {
    errors.push({ path, code: 'thresholdShape', params: {} });
    return { kind: 'atLeastCount', count: 0 };
  }
  if (t.atLeastCount !== undefined) return { kind: 'atLeastCount', count: t.atLeastCount };
  const text = t.atLeast ?? t.moreThan ?? '';
  const f = parseFraction(text);
  if (!f) {
    errors.push({ path: `${path}/${keys[0]}`, code: 'badFraction', params: { value: text } });
    return { kind: 'atLeastCount', count: 0 };
  }
  return { kind: t.atLeast !== undefined ? 'atLeast' : 'moreThan', ...f };
}

function unique(ids: readonly string[], path: string, errors: FieldError[]): void {
  const seen = new Set<string>();
  ids.forEach((v, i) => {
    if (seen.has(v)) errors.push({ path: `${path}/${i}`, code: 'duplicateId', params: { id: v } });
    seen.add(v);
  });
}

interface BallotFile<C> {
  id?: string;
  voter: string;
  choice: C;
  time: string;
  channel: Ballot<C>['channel'];
  spoiled?: boolean;
}

/** Ballots without an id are named by their position (`#1` is the first) so reports can point at them. */
function ballots<C>(list: readonly BallotFile<C>[], deadline: string, errors: FieldError[]): Ballot<C>[] {
  if (Number.isNaN(instant(deadline))) errors.push({ path: '/deadline', code: 'badTime', params: { value: deadline } });
  const out = list.map((b, i) => {
    if (Number.isNaN(instant(b.time))) errors.push({ path: `/ballots/${i}/time`, code: 'badTime', params: { value: b.time } });
    return { ...b, id: b.id ?? `#${i + 1}` };
  });
  unique(out.map((b) => b.id), '/ballots', errors);
  return out;
}

function convert(method: Method, value: unknown, errors: FieldError[]): TallyRequest {
  switch (method) {
    case 'civilCode278': {
      const f = value as Civil278File;
      unique(f.units.map((u) => u.id), '/units', errors);
      const units = f.units.map((u, i) => {
        const area = parseArea(u.area) ?? 0n;
        if (area === 0n) errors.push({ path: `/units/${i}/area`, code: 'zeroArea', params: {} });
        if (u.id === developerHeadId) errors.push({ path: `/units/${i}/id`, code: 'reservedId', params: { id: u.id } });
        if (!u.developerHeld && u.owners.length === 0) errors.push({ path: `/units/${i}/owners`, code: 'noOwners', params: {} });
        return { ...u, area };
      });
      const known = new Set(f.units.map((u) => u.id));
      f.scope?.units?.forEach((u, i) => {
        if (!known.has(u)) errors.push({ path: `/scope/units/${i}`, code: 'unknownUnit', params: { id: u } });
      });
      const { title: _t, version: _v, method: _m, ...rest } = f;
      return { method, input: { ...rest, units, matter: f.matter as Civil278Matter, ballots: ballots(f.ballots, f.deadline, errors) } };
    }
    case 'simpleMajority': {
      const f = value as SimpleMajorityFile;
      unique(f.members, '/members', errors);
      const { title: _t, version: _v, method: _m, approval, ...rest } = f;
      return {
        method,
        input: {
          ...rest,
          quorum: threshold(f.quorum, '/quorum', errors),
          ...(approval ? { approval: threshold(approval, '/approval', errors) } : {}),
          ballots: ballots(f.ballots, f.deadline, errors),
        },
      };
    }
    case 'approvalSelect': {
      const f = value as ApprovalSelectFile;
      unique(f.voters.map((v) => v.id), '/voters', errors);
      unique(f.options.map((o) => o.id), '/options', errors);
      const { title: _t, version: _v, method: _m, minSupport, ...rest } = f;
      return {
        method,
        input: {
          ...rest,
          ...(minSupport ? { minSupport: threshold(minSupport, '/minSupport', errors) } : {}),
          ballots: ballots(f.ballots, f.deadline, errors),
        },
      };
    }
    case 'rankedChoice': {
      const f = value as RankedChoiceFile;
      unique(f.voters, '/voters', errors);
      unique(f.options.map((o) => o.id), '/options', errors);
      return {
        method,
        input: { voters: f.voters, options: f.options.map((o) => o.id), deadline: f.deadline, ballots: ballots(f.ballots, f.deadline, errors) },
      };
    }
    case 'score': {
      const f = value as ScoreFile;
      unique(f.voters, '/voters', errors);
      unique(f.options.map((o) => o.id), '/options', errors);
      if (f.minScore > f.maxScore) errors.push({ path: '/minScore', code: 'minAboveMax', params: {} });
      return {
        method,
        input: {
          voters: f.voters, options: f.options.map((o) => o.id), deadline: f.deadline,
          minScore: f.minScore, maxScore: f.maxScore, ...(f.winners ? { winners: f.winners } : {}),
          ballots: ballots(f.ballots, f.deadline, errors),
        },
      };
    }
  }
}

/** Validates a parsed tally file and turns it into the input of its counting method. */
export function parseTallyFile(value: unknown): ParseResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: [{ path: '/', code: 'notAnObject', params: {} }] };
  }
  const method = (value as { method?: unknown }).method;
  if (typeof method !== 'string' || !(methods as readonly string[]).includes(method)) {
    return { ok: false, errors: [{ path: '/method', code: 'notAllowed', params: { allowed: methods.join(', ') } }] };
  }
  const m = method as Method;
  const errors = schemaErrors(m, value);
  if (errors.length > 0) return { ok: false, errors };
  const request = convert(m, value, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, request };
}
