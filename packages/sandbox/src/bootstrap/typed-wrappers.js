// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// The wrappers of typed fields and the helpers the Slingr field-type pages list for them:
// date (addDays, format), dateTime (toMillis, format), time (format), integer/decimal/money
// (toHex, format), url (url, text) and rank (rankBefore, rankAfter, rankBetween).

/** The `YYYY-MM-DD` parts of a stored date; null when empty or not a real day. */
const dateParts = (stored) =>
  typeof stored === 'string' && toDate(stored) !== undefined ? $exec(DATE_RE, stored) : null;

class DateWrapper extends Wrapper {
  // biome-ignore lint/complexity/noUselessConstructor: a default one spreads through the patchable array iterator
  constructor(token, state) {
    super(token, state);
  }

  /** Moves the date by `numberOfDays` (negative goes back); returns the wrapper. */
  addDays(numberOfDays) {
    const w = wstate(this);
    if (!$isInteger(numberOfDays))
      throw badRequest(
        `field('${w.path}').addDays: numberOfDays must be an integer, got ${describe(numberOfDays)}`,
      );
    const m = dateParts(readStored(w));
    if (m === null) return this;
    const days = daysFromCivil($Number(m[1]), $Number(m[2]), $Number(m[3])) + numberOfDays;
    const c = civilOf(days * DAY_MS);
    writeStored(w, `${num(c.y, 4)}-${num(c.m, 2)}-${num(c.d, 2)}`);
    return this;
  }
  /** The date as `pattern` writes it (`yyyy-MM-dd` by default); '' when empty. */
  format(pattern) {
    const w = wstate(this);
    const m = dateParts(readStored(w));
    if (m === null) return '';
    const ms = daysFromCivil($Number(m[1]), $Number(m[2]), $Number(m[3])) * DAY_MS;
    return formatInstant(`field('${w.path}').format`, ms, pattern ?? 'yyyy-MM-dd', null);
  }
}

class DateTimeWrapper extends Wrapper {
  // biome-ignore lint/complexity/noUselessConstructor: a default one spreads through the patchable array iterator
  constructor(token, state) {
    super(token, state);
  }

  toMillis() {
    const v = readStored(wstate(this));
    return typeof v === 'number' ? v : null;
  }
  /** The instant as `pattern` writes it (`yyyy-MM-dd HH:mm`) in `timeZoneId` (UTC by default). */
  format(pattern, timeZoneId) {
    const w = wstate(this);
    const v = readStored(w);
    if (typeof v !== 'number') return '';
    return formatInstant(`field('${w.path}').format`, v, pattern ?? 'yyyy-MM-dd HH:mm', timeZoneId);
  }
}

class TimeWrapper extends Wrapper {
  // biome-ignore lint/complexity/noUselessConstructor: a default one spreads through the patchable array iterator
  constructor(token, state) {
    super(token, state);
  }

  /** The time of day as `pattern` writes it (`HH:mm` by default, `hh:mm a`, …); '' when empty. */
  format(pattern) {
    const w = wstate(this);
    const m = $exec(TIME_RE, `${readStored(w)}`);
    if (m === null) return '';
    const ms = $Number(m[1]) * 3600000 + $Number(m[2]) * 60000;
    return formatInstant(`field('${w.path}').format`, ms, pattern ?? 'HH:mm', null);
  }
}

class NumberWrapper extends Wrapper {
  // biome-ignore lint/complexity/noUselessConstructor: a default one spreads through the patchable array iterator
  constructor(token, state) {
    super(token, state);
  }

  /** The value in hexadecimal (`ff`, `-1a`); '' when empty. */
  toHex() {
    const v = readStored(wstate(this));
    return typeof v === 'number' ? $numberToString(v, 16) : '';
  }
  /** The value with display options `{thousandsSeparator, limitNumberOfDecimals, numberOfDecimals, limitRuleType}`. */
  format(options) {
    const w = wstate(this);
    const v = readStored(w);
    if (typeof v !== 'number') {
      numberOptions(`field('${w.path}').format`, options);
      return '';
    }
    return formatNumber(`field('${w.path}').format`, v, options);
  }
}

/** `(http://x.com)<Label>` or `[Label](http://x.com)` → {url, text}; a plain URL is its own text. */
function urlParts(value) {
  if (typeof value !== 'string') return { url: null, text: null };
  let m = $exec(/^\((.*)\)<(.*)>$/, value);
  if (m !== null) return { url: m[1], text: m[2] };
  m = $exec(/^\[(.*)\]\((.*)\)$/, value);
  if (m !== null) return { url: m[2], text: m[1] };
  return { url: value, text: value };
}

class UrlWrapper extends Wrapper {
  // biome-ignore lint/complexity/noUselessConstructor: a default one spreads through the patchable array iterator
  constructor(token, state) {
    super(token, state);
  }

  url() {
    return urlParts(readStored(wstate(this))).url;
  }
  text() {
    return urlParts(readStored(wstate(this))).text;
  }
}

class RankWrapper extends Wrapper {
  // biome-ignore lint/complexity/noUselessConstructor: a default one spreads through the patchable array iterator
  constructor(token, state) {
    super(token, state);
  }

  /** Sets a rank that sorts before `rank`; returns it. */
  rankBefore(rank) {
    const w = wstate(this);
    const where = `field('${w.path}').rankBefore`;
    return setRank(w, rankBetween(where, '', checkRank(where, 'rank', rank)));
  }
  /** Sets a rank that sorts after `rank`; returns it. */
  rankAfter(rank) {
    const w = wstate(this);
    const where = `field('${w.path}').rankAfter`;
    return setRank(w, rankBetween(where, checkRank(where, 'rank', rank), null));
  }
  /** Sets a rank that sorts after `before` and before `after`; returns it. */
  rankBetween(before, after) {
    const w = wstate(this);
    const where = `field('${w.path}').rankBetween`;
    const lo = checkRank(where, 'before', before);
    const hi = checkRank(where, 'after', after);
    if (lo >= hi)
      throw badRequest(`${where}: before must sort ahead of after, got ${describe(lo)} and ${describe(hi)}`);
    return setRank(w, rankBetween(where, lo, hi));
  }
}

WRAPPER_KINDS.date = DateWrapper;
WRAPPER_KINDS.dateTime = DateTimeWrapper;
WRAPPER_KINDS.time = TimeWrapper;
WRAPPER_KINDS.integer = NumberWrapper;
WRAPPER_KINDS.decimal = NumberWrapper;
WRAPPER_KINDS.money = NumberWrapper;
WRAPPER_KINDS.url = UrlWrapper;
WRAPPER_KINDS.rank = RankWrapper;

function setRank(w, rank) {
  writeStored(w, rank);
  return rank;
}
