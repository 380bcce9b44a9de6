/** A ratio written as '2/3' or '90%' in definitions; compared exactly, never with floats. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

export const parseFraction = (text: string): Fraction | undefined => {
  const ratio = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  if (ratio) {
    const [numerator, denominator] = [Number(ratio[1]), Number(ratio[2])];
    return denominator > 0 && numerator <= denominator ? { numerator, denominator } : undefined;
  }
  const percent = /^(\d+)%$/.exec(text);
  if (percent) {
    const numerator = Number(percent[1]);
    return numerator <= 100 ? { numerator, denominator: 100 } : undefined;
  }
  return undefined;
};

export const isFraction = (text: unknown): text is string =>
  typeof text === 'string' && parseFraction(text) !== undefined;

/** count / base compared with the fraction; an empty base never satisfies it. */
export const meets = (count: number, base: number, fraction: Fraction, strictlyGreater: boolean): boolean => {
  if (base === 0) return false;
  const left = count * fraction.denominator;
  const right = fraction.numerator * base;
  return strictlyGreater ? left > right : left >= right;
};
