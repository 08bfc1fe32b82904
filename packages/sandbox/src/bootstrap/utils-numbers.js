// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.utils.numbers: BigNumber (exact decimals over BigInt), format and getRandomValue.

/** Digits kept after the point by a division, as bignumber.js's default DECIMAL_PLACES. */
const BIG_DIVISION_PLACES = 20;
/**
 * Most digits a BigNumber holds, before and after the point. BigInt arithmetic runs in C++ where
 * the run's timeout cannot stop it: a bound on the operands bounds each step.
 */
const BIG_MAX_DIGITS = 4000;

/**
 * Makes the BigNumber class, on first use of `sys.utils.numbers`. A value is `coef × 10^-scale`
 * (BigInt coefficient, scale ≥ 0), always exact: `BigNumber(0.1).plus(0.2)` is `0.3`.
 */
function makeBigNumber() {
  const TEN = $BigInt(10);
  const ZERO = $BigInt(0);
  const pow10 = (n) => TEN ** $BigInt(n);
  const LIMIT = pow10(BIG_MAX_DIGITS);
  const tooBig = (what) =>
    badRequest(`sys.utils.numbers.BigNumber: ${what} has more than ${BIG_MAX_DIGITS} digits`);
  let make;

  const parse = (v) => {
    if (isBig(v)) return v;
    const where = 'sys.utils.numbers.BigNumber';
    let s;
    if (typeof v === 'number') {
      if (!$isFinite(v)) throw badRequest(`${where}: the value must be a finite number, got ${describe(v)}`);
      s = $String(v);
    } else if (typeof v === 'string') s = $trim(v);
    else if (typeof v === 'bigint') s = $String(v);
    else throw badRequest(`${where}: the value must be a number or a numeric string, got ${describe(v)}`);
    const m = $exec(/^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i, s);
    if (m === null || (m[2] === '' && (m[3] ?? '') === '')) {
      throw badRequest(`${where}: '${$strSlice(s, 0, 40)}' is not a number`);
    }
    const frac = m[3] ?? '';
    const exp = $Number(m[4] ?? 0);
    if (m[2].length + frac.length > BIG_MAX_DIGITS || exp > BIG_MAX_DIGITS || exp < -BIG_MAX_DIGITS)
      throw tooBig('the value');
    let scale = frac.length - exp;
    let coef = $BigInt(m[2] + frac || '0');
    if (scale < 0) {
      coef *= pow10(-scale);
      scale = 0;
    }
    return make(m[1] === '-' ? -coef : coef, scale);
  };
  const align = (a, b) => {
    const scale = $max(a.s, b.s);
    return [a.c * pow10(scale - a.s), b.c * pow10(scale - b.s), scale];
  };
  /** `c / 10^scale` rounded half up to `dp` places. */
  const round = (c, scale, dp) => {
    if (scale <= dp) return make(c, scale);
    const d = pow10(scale - dp);
    let q = c / d;
    const r = c % d;
    const twice = (r < ZERO ? -r : r) * $BigInt(2);
    if (twice >= d) q += c < ZERO ? $BigInt(-1) : $BigInt(1);
    return make(q, dp);
  };
  const text = (c, scale) => {
    const neg = c < ZERO;
    let digits = $String(neg ? -c : c);
    if (scale > 0) {
      while (digits.length <= scale) digits = `0${digits}`;
      digits = `${$strSlice(digits, 0, digits.length - scale)}.${$strSlice(digits, digits.length - scale)}`;
    }
    return (neg ? '-' : '') + digits;
  };

  class BigNumber {
    #c;
    #s;
    constructor(c, s) {
      this.#c = c;
      this.#s = s;
    }
    static {
      make = (c, s) => {
        // Trailing zeros after the point carry nothing: 1.50 is kept as 1.5.
        while (s > 0 && c % TEN === ZERO) {
          c /= TEN;
          s -= 1;
        }
        if (c >= LIMIT || c <= -LIMIT || s > BIG_MAX_DIGITS) throw tooBig('the result');
        return new BigNumber(c, s);
      };
      isBig = (v) => v !== null && typeof v === 'object' && #c in v;
      bigParts = (v) => ({ c: v.#c, s: v.#s });
    }
    plus(n) {
      const x = align(bigParts(this), bigParts(parse(n)));
      return make(x[0] + x[1], x[2]);
    }
    minus(n) {
      const x = align(bigParts(this), bigParts(parse(n)));
      return make(x[0] - x[1], x[2]);
    }
    times(n) {
      const o = bigParts(parse(n));
      return make(this.#c * o.c, this.#s + o.s);
    }
    div(n) {
      const o = bigParts(parse(n));
      if (o.c === ZERO) throw badRequest('sys.utils.numbers.BigNumber: division by zero');
      // One digit more than kept, for rounding.
      const extra = BIG_DIVISION_PLACES + 1;
      const num = this.#c * pow10(o.s + extra);
      return round(num / (o.c * pow10(this.#s)), extra, BIG_DIVISION_PLACES);
    }
    mod(n) {
      const x = align(bigParts(this), bigParts(parse(n)));
      if (x[1] === ZERO) throw badRequest('sys.utils.numbers.BigNumber: modulo by zero');
      return make(x[0] % x[1], x[2]);
    }
    pow(n) {
      if (!$isInteger(n) || n < 0 || n > 1000)
        throw badRequest(
          `sys.utils.numbers.BigNumber.pow: n must be an integer from 0 to 1000, got ${describe(n)}`,
        );
      return make(this.#c ** $BigInt(n), this.#s * n);
    }
    comparedTo(n) {
      const x = align(bigParts(this), bigParts(parse(n)));
      return x[0] === x[1] ? 0 : x[0] > x[1] ? 1 : -1;
    }
    eq(n) {
      return this.comparedTo(n) === 0;
    }
    gt(n) {
      return this.comparedTo(n) > 0;
    }
    gte(n) {
      return this.comparedTo(n) >= 0;
    }
    lt(n) {
      return this.comparedTo(n) < 0;
    }
    lte(n) {
      return this.comparedTo(n) <= 0;
    }
    abs() {
      return make(this.#c < ZERO ? -this.#c : this.#c, this.#s);
    }
    negated() {
      return make(-this.#c, this.#s);
    }
    isZero() {
      return this.#c === ZERO;
    }
    isNegative() {
      return this.#c < ZERO;
    }
    isInteger() {
      return this.#s === 0;
    }
    decimalPlaces(dp) {
      if (dp === undefined) return this.#s;
      if (!$isInteger(dp) || dp < 0 || dp > 1000)
        throw badRequest(
          `sys.utils.numbers.BigNumber.decimalPlaces: dp must be an integer from 0 to 1000, got ${describe(dp)}`,
        );
      return round(this.#c, this.#s, dp);
    }
    toFixed(dp) {
      if (dp === undefined) return text(this.#c, this.#s);
      const r = bigParts(this.decimalPlaces(dp));
      return text(r.c * pow10(dp - r.s), dp);
    }
    toNumber() {
      return $Number(text(this.#c, this.#s));
    }
    toString() {
      return text(this.#c, this.#s);
    }
    valueOf() {
      return text(this.#c, this.#s);
    }
    toJSON() {
      return text(this.#c, this.#s);
    }
  }
  const P = BigNumber.prototype;
  // bignumber.js's long names are aliases of the short ones.
  const aliases = [
    ['multipliedBy', 'times'],
    ['dividedBy', 'div'],
    ['modulo', 'mod'],
    ['exponentiatedBy', 'pow'],
    ['isEqualTo', 'eq'],
    ['isGreaterThan', 'gt'],
    ['isGreaterThanOrEqualTo', 'gte'],
    ['isLessThan', 'lt'],
    ['isLessThanOrEqualTo', 'lte'],
    ['absoluteValue', 'abs'],
    ['dp', 'decimalPlaces'],
  ];
  for (let i = 0; i < aliases.length; i++) {
    $defineProperty(P, aliases[i][0], { __proto__: null, value: P[aliases[i][1]], writable: true });
  }
  // Callable with or without `new`, as bignumber.js's constructor is.
  function BigNumberFactory(value) {
    return parse(value);
  }
  BigNumberFactory.prototype = P;
  $defineProperty(P, 'constructor', { __proto__: null, value: BigNumberFactory, writable: true });
  const names = $getOwnPropertyNames(P);
  for (let i = 0; i < names.length; i++) if (typeof P[names[i]] === 'function') $freeze(P[names[i]]);
  $freeze(P);
  return $freeze(BigNumberFactory);
}
let isBig = (_v) => false;
let bigParts = (_v) => null;

/** Slingr's display options: thousands separator, decimals limited by truncation or rounding. */
function formatUtilsNumber(value, options) {
  const fn = 'sys.utils.numbers.format';
  if (typeof value !== 'number' || !$isFinite(value))
    throw badRequest(`${fn}: value must be a finite number, got ${describe(value)}`);
  const o = options === undefined || options === null ? {} : options;
  if (typeof o !== 'object') throw badRequest(`${fn}: options must be an object, got ${describe(options)}`);
  const places = own(o, 'numberOfDecimals') ?? 2;
  if (!$isInteger(places) || places < 0 || places > 20)
    throw badRequest(`${fn}: numberOfDecimals must be an integer from 0 to 20, got ${describe(places)}`);
  const rule = own(o, 'limitRuleType') ?? 'TRUNCATE';
  if (rule !== 'TRUNCATE' && rule !== 'ROUND')
    throw badRequest(`${fn}: limitRuleType must be 'TRUNCATE' or 'ROUND', got ${describe(rule)}`);
  let text = $String(value);
  if ($indexOf(text, 'e') >= 0) text = $toFixed(value, 20);
  if (own(o, 'limitNumberOfDecimals') === true) {
    const factor = 10 ** places;
    const scaled = rule === 'ROUND' ? $round(value * factor) : $trunc(value * factor);
    text = $toFixed(scaled / factor, places);
  }
  if (own(o, 'thousandsSeparator') !== true) return text;
  const dot = $indexOf(text, '.');
  const int = dot < 0 ? text : $strSlice(text, 0, dot);
  const grouped = $replace(int, /\B(?=(\d{3})+(?!\d))/g, ',');
  return dot < 0 ? grouped : grouped + $strSlice(text, dot);
}
