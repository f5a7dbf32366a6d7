/**
 * Thresholds compared exactly: `value / total ⋛ num / den` becomes `value·den ⋛ num·total` in bigint, so
 * no rounding can ever decide a vote. In Chinese law "at least" (yishang) includes the number itself and
 * "more than half" (guobanshu) does not (Civil Code art. 1259), hence `atLeast` and `moreThan`.
 */
export type Threshold =
  | { kind: 'atLeast'; num: number; den: number }
  | { kind: 'moreThan'; num: number; den: number }
  | { kind: 'atLeastCount'; count: number };

export const moreThanHalf: Threshold = { kind: 'moreThan', num: 1, den: 2 };
export const atLeastTwoThirds: Threshold = { kind: 'atLeast', num: 2, den: 3 };
export const atLeastThreeQuarters: Threshold = { kind: 'atLeast', num: 3, den: 4 };

export function meets(value: bigint | number, total: bigint | number, t: Threshold): boolean {
  const v = BigInt(value);
  const n = BigInt(total);
  switch (t.kind) {
    case 'atLeast':
      return v * BigInt(t.den) >= BigInt(t.num) * n;
    case 'moreThan':
      return v * BigInt(t.den) > BigInt(t.num) * n;
    case 'atLeastCount':
      return v >= BigInt(t.count);
  }
}

/** The smallest whole value that meets `t` out of `total`; shown to people as "required". */
export function minimumToMeet(total: bigint | number, t: Threshold): bigint {
  const n = BigInt(total);
  switch (t.kind) {
    case 'atLeast': {
      const p = BigInt(t.num) * n;
      const d = BigInt(t.den);
      return (p + d - 1n) / d;
    }
    case 'moreThan':
      return (BigInt(t.num) * n) / BigInt(t.den) + 1n;
    case 'atLeastCount':
      return BigInt(t.count);
  }
}

/** `"≥2/3"`, `">1/2"`, `"≥5"`: language-neutral, used as a step parameter. */
export function formatThreshold(t: Threshold): string {
  switch (t.kind) {
    case 'atLeast':
      return `≥${t.num}/${t.den}`;
    case 'moreThan':
      return `>${t.num}/${t.den}`;
    case 'atLeastCount':
      return `≥${t.count}`;
  }
}

/** Parses the JSON form `{ "atLeast": "2/3" } | { "moreThan": "1/2" } | { "atLeastCount": 5 }`. */
export function parseFraction(text: string): { num: number; den: number } | null {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return null;
  const num = Number(m[1]);
  const den = Number(m[2]);
  if (den === 0 || num > den || !Number.isSafeInteger(num) || !Number.isSafeInteger(den)) return null;
  return { num, den };
}
