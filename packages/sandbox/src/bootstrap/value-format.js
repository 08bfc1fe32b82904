// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// Display forms of field values, as the Slingr wrappers' `format()` gives them: dates through
// Java-style patterns (`MM/dd/yyyy HH:mm`) in UTC or a named time zone, numbers with the
// display options (`thousandsSeparator`, `limitNumberOfDecimals`, …). Calendar arithmetic is
// done here on epoch days, never through Date methods a script could have patched.

const DAY_MS = 86400000;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Epoch day of a civil date (proleptic Gregorian). */
function daysFromCivil(y, m, d) {
  const yy = m <= 2 ? y - 1 : y;
  const era = $floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = $floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + $floor(yoe / 4) - $floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date and time of day of epoch ms `ms` (already shifted to the wanted zone). */
function civilOf(ms) {
  const days = $floor(ms / DAY_MS);
  const rest = ms - days * DAY_MS;
  const z = days + 719468;
  const era = $floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = $floor((doe - $floor(doe / 1460) + $floor(doe / 36524) - $floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + $floor(yoe / 4) - $floor(yoe / 100));
  const mp = $floor((5 * doy + 2) / 153);
  const d = doy - $floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return {
    y,
    m,
    d,
    days,
    dow: (((days + 4) % 7) + 7) % 7,
    H: $floor(rest / 3600000),
    min: $floor(rest / 60000) % 60,
    s: $floor(rest / 1000) % 60,
    S: rest % 1000,
  };
}

/** Formatters by time zone id: building one costs far more than using it. */
const ZONE_FORMATS = new $Map();

/** Offset of zone `tz` from UTC at instant `ms`, in ms; badRequest naming `where` for an unknown zone. */
function zoneOffset(where, tz, ms) {
  let fmt = $mapGet(ZONE_FORMATS, tz);
  if (fmt === undefined) {
    try {
      fmt = new $DateTimeFormat('en-US', {
        __proto__: null,
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      throw badRequest(
        `${where}: timeZoneId must be a time zone id like 'America/Buenos_Aires', got ${describe(tz)}`,
      );
    }
    if ($mapSize(ZONE_FORMATS) < 64) $mapSet(ZONE_FORMATS, tz, fmt);
  }
  const parts = $formatToParts(fmt, ms);
  const p = { __proto__: null };
  for (let i = 0; i < parts.length; i++) p[parts[i].type] = parts[i].value;
  const year = p.era === 'BC' ? 1 - $Number(p.year) : $Number(p.year);
  const wall =
    daysFromCivil(year, $Number(p.month), $Number(p.day)) * DAY_MS +
    $Number(p.hour) * 3600000 +
    $Number(p.minute) * 60000 +
    $Number(p.second) * 1000;
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

const PATTERN_LETTER = /[A-Za-z]/;

/** Epoch ms `ms` as Java's SimpleDateFormat writes it with `pattern`, in zone `tz` (UTC when null). */
function formatInstant(where, ms, pattern, tz) {
  if (typeof pattern !== 'string' || pattern.length > 200)
    throw badRequest(
      `${where}: pattern must be a string of at most 200 characters, got ${describe(pattern)}`,
    );
  const offset = tz === null || tz === undefined ? 0 : zoneOffset(where, checkZone(where, tz), ms);
  const c = civilOf(ms + offset);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      i = quotedText(where, pattern, i, (text) => {
        out += text;
      });
      continue;
    }
    if (!$test(PATTERN_LETTER, ch)) {
      out += ch;
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    out += patternField(where, ch, n, c, offset, pattern);
    i += n;
  }
  return out;
}

/** Reads quoted text from `'` at `i` (`''` is a quote, inside or out); returns the index after it. */
function quotedText(where, pattern, i, emit) {
  if (pattern[i + 1] === "'") {
    emit("'");
    return i + 2;
  }
  let text = '';
  let j = i + 1;
  for (;;) {
    if (j >= pattern.length)
      throw badRequest(`${where}: pattern has an unclosed quote: ${describe(pattern)}`);
    if (pattern[j] === "'") {
      if (pattern[j + 1] !== "'") break;
      text += "'";
      j += 2;
      continue;
    }
    text += pattern[j];
    j++;
  }
  emit(text);
  return j + 1;
}

function checkZone(where, tz) {
  if (typeof tz !== 'string' || tz === '' || tz.length > 64)
    throw badRequest(`${where}: timeZoneId must be a time zone id, got ${describe(tz)}`);
  return tz;
}

const num = (v, n) => {
  const text = $String(v);
  return text.length >= n ? text : $strSlice(`0000000000${text}`, -n);
};

function patternField(where, ch, n, c, offset, pattern) {
  switch (ch) {
    case 'G':
      return c.y > 0 ? 'AD' : 'BC';
    case 'y':
    case 'Y':
      return n === 2 ? num(((c.y % 100) + 100) % 100, 2) : num(c.y, n);
    case 'M':
    case 'L':
      if (n >= 4) return MONTHS[c.m - 1];
      if (n === 3) return $strSlice(MONTHS[c.m - 1], 0, 3);
      return num(c.m, n);
    case 'd':
      return num(c.d, n);
    case 'D':
      return num(c.days - daysFromCivil(c.y, 1, 1) + 1, n);
    case 'w':
      return num(weekOfYear(c), n);
    case 'E':
      return n >= 4 ? DAYS[c.dow] : $strSlice(DAYS[c.dow], 0, 3);
    case 'u':
      return num(c.dow === 0 ? 7 : c.dow, n);
    case 'a':
      return c.H < 12 ? 'AM' : 'PM';
    case 'H':
      return num(c.H, n);
    case 'k':
      return num(c.H === 0 ? 24 : c.H, n);
    case 'K':
      return num(c.H % 12, n);
    case 'h':
      return num(c.H % 12 === 0 ? 12 : c.H % 12, n);
    case 'm':
      return num(c.min, n);
    case 's':
      return num(c.s, n);
    case 'S':
      return num(c.S, n);
    case 'z':
    case 'Z':
    case 'X':
      return offsetText(offset, n >= 4 || (ch === 'X' && n === 3));
    default:
      throw badRequest(`${where}: the pattern letter '${ch}' is not supported (in ${describe(pattern)})`);
  }
}

/** Week of the year as a US calendar counts it: weeks start on Sunday, week 1 holds January 1st. */
function weekOfYear(c) {
  const nextJan1 = daysFromCivil(c.y + 1, 1, 1);
  if (nextJan1 - c.days <= 6 - c.dow) return 1;
  const jan1 = daysFromCivil(c.y, 1, 1);
  const jan1Dow = (((jan1 + 4) % 7) + 7) % 7;
  return $floor((c.days - jan1 + jan1Dow) / 7) + 1;
}

function offsetText(offset, colon) {
  const minutes = $floor($abs(offset) / 60000);
  const sign = offset < 0 ? '-' : '+';
  return `${sign}${num($floor(minutes / 60), 2)}${colon ? ':' : ''}${num(minutes % 60, 2)}`;
}

/** Number display options, as the number wrappers take them; badRequest for anything else. */
const NUMBER_OPTIONS = {
  __proto__: null,
  thousandsSeparator: 'boolean',
  limitNumberOfDecimals: 'boolean',
  numberOfDecimals: 'integer',
  limitRuleType: 'rule',
};

function numberOptions(where, options) {
  const out = { thousandsSeparator: false, limit: false, decimals: 2, round: false };
  if (options === undefined || options === null) return out;
  const p = toPlain(options, `${where}: options`);
  if (typeof p !== 'object' || $isArray(p))
    throw badRequest(`${where}: options must be an object, got ${describe(options)}`);
  const keys = $keys(p);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const kind = NUMBER_OPTIONS[key];
    const v = p[key];
    if (kind === undefined) throw badRequest(`${where}: '${key}' is not a format option`);
    if (kind === 'boolean') {
      if (v !== true && v !== false && v !== 'true' && v !== 'false')
        throw badRequest(`${where}: options.${key} must be true or false, got ${describe(v)}`);
      if (key === 'thousandsSeparator') out.thousandsSeparator = v === true || v === 'true';
      else out.limit = v === true || v === 'true';
    } else if (kind === 'integer') {
      if (!$isInteger(v) || v < 0 || v > 20)
        throw badRequest(
          `${where}: options.numberOfDecimals must be an integer from 0 to 20, got ${describe(v)}`,
        );
      out.decimals = v;
    } else {
      if (v !== 'TRUNCATE' && v !== 'ROUND')
        throw badRequest(`${where}: options.limitRuleType must be 'TRUNCATE' or 'ROUND', got ${describe(v)}`);
      out.round = v === 'ROUND';
    }
  }
  return out;
}

/** The plain decimal digits of a finite number: `[sign, integer digits, fraction digits]`. */
function decimalDigits(v) {
  let text = $String(v < 0 ? -v : v);
  if ($indexOf(text, 'e') >= 0) {
    if ($abs(v) >= 1) return [v < 0 ? '-' : '', text, ''];
    text = $replace($toFixed(v < 0 ? -v : v, 20), /0+$/, '');
  }
  const dot = $indexOf(text, '.');
  return [
    v < 0 ? '-' : '',
    dot < 0 ? text : $strSlice(text, 0, dot),
    dot < 0 ? '' : $strSlice(text, dot + 1),
  ];
}

/** Adds one to a string of decimal digits. */
function incrementDigits(digits) {
  let out = '';
  let carry = 1;
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = $Number(digits[i]) + carry;
    carry = d === 10 ? 1 : 0;
    out = `${d % 10}${out}`;
  }
  return carry ? `1${out}` : out;
}

/** A number as the number wrappers' `format(options)` writes it. */
function formatNumber(where, v, options) {
  const o = numberOptions(where, options);
  const digits = decimalDigits(v);
  let sign = digits[0];
  let int = digits[1];
  let frac = digits[2];
  if (o.limit) {
    const n = o.decimals;
    if (o.round && frac.length > n && $Number(frac[n]) >= 5) {
      const bumped = incrementDigits(int + $strSlice(frac, 0, n));
      int = $strSlice(bumped, 0, bumped.length - n);
      frac = $strSlice(bumped, bumped.length - n);
    } else frac = $strSlice(frac, 0, n);
    while (frac.length < n) frac += '0';
    if ($test(/^0*$/, int + frac)) sign = '';
  }
  if (o.thousandsSeparator) int = $replace(int, /\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === '' ? `${sign}${int}` : `${sign}${int}.${frac}`;
}

/** Rank values: lower-case base-36 digits, compared as plain strings. */
const RANK_DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const RANK_RE = /^[0-9a-z]{1,128}$/;

function checkRank(where, name, rank) {
  if (typeof rank !== 'string' || !$test(RANK_RE, rank))
    throw badRequest(`${where}: ${name} must be a rank (1 to 128 of 0-9 a-z), got ${describe(rank)}`);
  return rank;
}

/**
 * A rank that sorts strictly between `lo` ('' is the lowest) and `hi` (null is past every rank),
 * as short as the two allow; badRequest when no string fits (`a` and `a0`).
 */
function rankBetween(where, lo, hi) {
  let prefix = '';
  let a = lo;
  let b = hi;
  for (;;) {
    if (b !== null && b === '')
      throw badRequest(`${where}: no rank fits between ${describe(lo)} and ${describe(hi)}`);
    const da = a === '' ? 0 : $indexOf(RANK_DIGITS, a[0]);
    const db = b === null ? 36 : $indexOf(RANK_DIGITS, b[0]);
    if (da === db) {
      prefix += RANK_DIGITS[da];
      a = $strSlice(a, 1);
      b = $strSlice(b, 1);
      continue;
    }
    if (db - da > 1) return `${prefix}${RANK_DIGITS[$floor((da + db) / 2)]}`;
    // Adjacent digits: b's first digit alone sorts above a when b goes on, else keep a's digit.
    if (b !== null && b.length > 1) return `${prefix}${b[0]}`;
    prefix += RANK_DIGITS[da];
    a = $strSlice(a, 1);
    b = null;
  }
}
