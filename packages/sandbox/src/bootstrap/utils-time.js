// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.utils.time: time-zone offsets from Intl (ICU's zone data, Joda ids included), and Joda-style
// date patterns (`yyyy-MM-dd HH:mm Z`) formatted and parsed by hand. The default zone is UTC.

const TIME_MONTHS = [
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
const TIME_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const TIME_DAY_MS = 86_400_000;

/** One formatter per zone and context: making one costs far more than using it. */
let zoneFormats = null;

function zoneFormat(fn, zone) {
  if (zone === undefined || zone === null) zone = 'UTC';
  if (typeof zone !== 'string' || zone === '')
    throw badRequest(
      `${fn}: timeZoneId must be a time zone id such as 'America/Buenos_Aires', got ${describe(zone)}`,
    );
  if (zoneFormats === null) zoneFormats = new $Map();
  let f = $mapGet(zoneFormats, zone);
  if (f === undefined) {
    try {
      f = new $DateTimeFormat('en-US', {
        __proto__: null,
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw badRequest(`${fn}: unknown time zone '${$strSlice(zone, 0, 60)}'`);
    }
    $mapSet(zoneFormats, zone, f);
  }
  return f;
}

/** Milliseconds the zone is ahead of UTC at `ms`. */
function timeZoneOffsetMs(fn, zone, ms) {
  const parts = $formatToParts(zoneFormat(fn, zone), ms);
  const v = { __proto__: null };
  for (let i = 0; i < parts.length; i++) v[parts[i].type] = $Number(parts[i].value);
  const wall =
    timeDaysFromCivil(v.year, v.month, v.day) * TIME_DAY_MS +
    ((v.hour * 60 + v.minute) * 60 + v.second) * 1000;
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function timeDaysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = $floor(y / 400);
  const yoe = y - era * 400;
  const doy = $floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + $floor(yoe / 4) - $floor(yoe / 100) + doy - 719468;
}

function timeCivilFromDays(z) {
  z += 719468;
  const era = $floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = $floor((doe - $floor(doe / 1460) + $floor(doe / 36524) - $floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + $floor(yoe / 4) - $floor(yoe / 100));
  const mp = $floor((5 * doy + 2) / 153);
  const d = doy - $floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

function msOf(fn, date) {
  if (isDate(date)) return $getTime(date);
  if (typeof date === 'number' && $isFinite(date)) return date;
  throw badRequest(`${fn}: date must be a Date or epoch milliseconds, got ${describe(date)}`);
}

const PATTERN_TOKEN = /'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+/g;

function tokens(fn, pattern) {
  if (typeof pattern !== 'string' || pattern === '')
    throw badRequest(`${fn}: pattern must be a non-empty string, got ${describe(pattern)}`);
  const out = [];
  for (let m = $exec(PATTERN_TOKEN, pattern); m !== null; m = $exec(PATTERN_TOKEN, pattern)) $push(out, m[0]);
  return out;
}

const padNum = (n, w) => $padStart($String(n), w, '0');

function timeOffsetText(offset, colon) {
  const abs = offset < 0 ? -offset : offset;
  const h = $floor(abs / 3_600_000);
  const mi = $floor((abs % 3_600_000) / 60_000);
  return (offset < 0 ? '-' : '+') + padNum(h, 2) + (colon ? ':' : '') + padNum(mi, 2);
}

function formatTime(date, pattern, zone) {
  const fn = 'sys.utils.time.format';
  const ms = msOf(fn, date);
  const tz = zone ?? 'UTC';
  const offset = timeZoneOffsetMs(fn, tz, ms);
  const local = ms + offset;
  const days = $floor(local / TIME_DAY_MS);
  const t = local - days * TIME_DAY_MS;
  const c = timeCivilFromDays(days);
  const H = $floor(t / 3_600_000);
  const list = tokens(fn, pattern);
  let out = '';
  for (let i = 0; i < list.length; i++) {
    const k = list[i];
    const n = k.length;
    switch (k[0]) {
      case 'y':
        out += n === 2 ? padNum(c.y % 100, 2) : padNum(c.y, n);
        break;
      case 'M':
        out +=
          n >= 4 ? TIME_MONTHS[c.m - 1] : n === 3 ? $strSlice(TIME_MONTHS[c.m - 1], 0, 3) : padNum(c.m, n);
        break;
      case 'd':
        out += padNum(c.d, n);
        break;
      case 'H':
        out += padNum(H, n);
        break;
      case 'h':
        out += padNum(H % 12 === 0 ? 12 : H % 12, n);
        break;
      case 'm':
        out += padNum($floor(t / 60_000) % 60, n);
        break;
      case 's':
        out += padNum($floor(t / 1000) % 60, n);
        break;
      case 'S':
        out += $strSlice(padNum(t % 1000, 3), 0, n);
        break;
      case 'a':
        out += H < 12 ? 'AM' : 'PM';
        break;
      case 'E': {
        const w = TIME_WEEKDAYS[(((days + 4) % 7) + 7) % 7];
        out += n >= 4 ? w : $strSlice(w, 0, 3);
        break;
      }
      case 'Z':
        out += n >= 3 ? tz : timeOffsetText(offset, n === 2);
        break;
      case 'z':
        out += tz;
        break;
      case "'":
        out += k === "''" ? "'" : $replace($strSlice(k, 1, -1), /''/g, "'");
        break;
      default:
        if ((k[0] >= 'a' && k[0] <= 'z') || (k[0] >= 'A' && k[0] <= 'Z'))
          throw badRequest(`${fn}: the pattern letter '${k[0]}' is not supported`);
        out += k;
    }
  }
  return out;
}

/** The Date a text in `pattern` names in the zone; fields the pattern lacks are Jan 1st, 00:00. */
function parseTime(text, pattern, zone) {
  const fn = 'sys.utils.time.parse';
  if (typeof text !== 'string') throw badRequest(`${fn}: date must be a string, got ${describe(text)}`);
  const list = tokens(fn, pattern);
  const f = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0, pm: -1, offset: null };
  let at = 0;
  const bad = () => badRequest(`${fn}: '${$strSlice(text, 0, 60)}' does not match the pattern '${pattern}'`);
  for (let i = 0; i < list.length; i++) {
    const k = list[i];
    const rest = $strSlice(text, at);
    let m;
    if (k[0] === "'") m = [k === "''" ? "'" : $replace($strSlice(k, 1, -1), /''/g, "'")];
    else if (k[0] === 'M' && k.length >= 3) m = $exec(/^[A-Za-z]+/, rest);
    else if (k[0] === 'E') m = $exec(/^[A-Za-z]+/, rest);
    else if (k[0] === 'a') m = $exec(/^[AaPp][Mm]/, rest);
    else if (k[0] === 'Z') m = $exec(/^(Z|[+-]\d\d:?\d\d)/, rest);
    else if ((k[0] >= 'a' && k[0] <= 'z') || (k[0] >= 'A' && k[0] <= 'Z')) m = $exec(/^\d+/, rest);
    else m = [k];
    if (m === null || $strSlice(rest, 0, m[0].length) !== m[0]) throw bad();
    const v = m[0];
    at += v.length;
    switch (k[0]) {
      case 'y':
        f.y = $Number(v) + (k.length === 2 ? 2000 : 0);
        break;
      case 'M': {
        if (k.length < 3) f.M = $Number(v);
        else {
          let found = -1;
          for (let j = 0; j < 12; j++)
            if ($toLowerCase($strSlice(TIME_MONTHS[j], 0, v.length)) === $toLowerCase(v)) found = j;
          if (found < 0) throw bad();
          f.M = found + 1;
        }
        break;
      }
      case 'd':
      case 'H':
      case 'm':
      case 's':
      case 'S':
        f[k[0]] = $Number(v);
        break;
      case 'h':
        f.H = $Number(v) % 12;
        break;
      case 'a':
        f.pm = $toLowerCase(v) === 'pm' ? 1 : 0;
        break;
      case 'Z':
        f.offset =
          v === 'Z'
            ? 0
            : (v[0] === '-' ? -1 : 1) *
              ($Number($strSlice(v, 1, 3)) * 60 + $Number($strSlice(v, -2))) *
              60_000;
        break;
    }
  }
  if (at !== text.length || f.M < 1 || f.M > 12 || f.d < 1 || f.d > 31 || f.H > 23 || f.m > 59 || f.s > 59)
    throw bad();
  const wall =
    timeDaysFromCivil(f.y, f.M, f.d) * TIME_DAY_MS +
    (((f.H + (f.pm === 1 ? 12 : 0)) * 60 + f.m) * 60 + f.s) * 1000 +
    f.S;
  if (f.offset !== null) return new $Date(wall - f.offset);
  // The zone's offset at the instant itself: a first guess, then corrected once (DST edges).
  const guess = wall - timeZoneOffsetMs(fn, zone, wall);
  return new $Date(wall - timeZoneOffsetMs(fn, zone, guess));
}
