import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

// The helpers of the Slingr field-type pages: format, addDays, toHex, url/text, rank*.
let h: Harness;
beforeEach(() => {
  h = createHarness();
  h.host.insert('companies', {
    name: 'Acme',
    employees: 1234567,
    revenue: -1234.5678,
    budget: 0.005,
    founded: '2016-02-28',
    updatedAt: Date.UTC(2017, 0, 16, 14, 53, 7, 42),
    opensAt: '08:05',
    homepage: '[Acme](http://acme.test)',
    rank: 'iiiii',
  });
});
afterEach(() => h.dispose());

const run = (body: string) => h.value(`const r = sys.data.findOne('companies', {name: 'Acme'}); ${body}`);
const fail = (body: string) => h.error(`const r = sys.data.findOne('companies', {name: 'Acme'}); ${body}`);

describe('date and time wrappers', () => {
  it('format Java-style patterns, quoted text included, in UTC or a named zone', () => {
    expect(
      run(`const d = r.field('updatedAt'); return [
        d.format(), d.format("yyyy-MM-dd'T'HH:mm:ss.SSS"), d.format('EEE d MMM yy, h:mm a'),
        d.format("D w u k K G 'o''clock' ''"), d.format('HH:mm z', 'Asia/Kolkata'),
        d.format('dd/MM HH:mm zzzz', 'Europe/Madrid'), r.field('founded').format('EEEE'), r.field('opensAt').format('hh:mm a')];`),
    ).toEqual([
      '2017-01-16 14:53',
      '2017-01-16T14:53:07.042',
      'Mon 16 Jan 17, 2:53 PM',
      "16 3 1 14 2 AD o'clock '",
      '20:23 +0530',
      '16/01 15:53 +01:00',
      'Sunday',
      '08:05 AM',
    ]);
  });

  it('addDays crosses months and leap days, returns the wrapper, and leaves an empty date empty', () => {
    expect(
      run(`const f = r.field('founded'); const same = f.addDays(1) === f; f.addDays(1);
        const e = sys.data.createRecord('companies').field('founded'); e.addDays(3);
        return [same, f.val().toISOString(), f.addDays(-366).format(), e.val(), e.format()];`),
    ).toEqual([true, '2016-03-01T00:00:00.000Z', '2015-03-01', null, '']);
  });

  it('refuses what the pages call invalid with a badRequest naming the call', () => {
    expect(fail(`r.field('founded').addDays('2')`).message).toBe(
      `field('founded').addDays: numberOfDays must be an integer, got "2"`,
    );
    expect(fail(`r.field('updatedAt').format('yyyy-MM-dd Q')`).message).toBe(
      `field('updatedAt').format: the pattern letter 'Q' is not supported (in "yyyy-MM-dd Q")`,
    );
    expect(fail(`r.field('updatedAt').format('HH:mm', 'Mars/Olympus')`).message).toBe(
      `field('updatedAt').format: timeZoneId must be a time zone id like 'America/Buenos_Aires', got "Mars/Olympus"`,
    );
    expect(fail(`r.field('founded').format("'open")`).code).toBe('badRequest');
  });

  it('format runs on captured builtins: patched Date, Number and Intl methods change nothing', () => {
    expect(
      run(`Date.prototype.getUTCFullYear = () => 1900; Number.prototype.toFixed = () => 'x';
        Intl.DateTimeFormat.prototype.formatToParts = () => []; Array.prototype[Symbol.iterator] = function* () {};
        return [r.field('updatedAt').format('yyyy HH:mm', 'US/Eastern'), r.field('budget').format({limitNumberOfDecimals: true})];`),
    ).toEqual(['2017 09:53', '0.00']);
  });
});

describe('number wrappers', () => {
  it('format with the display options, truncating or rounding half up', () => {
    expect(
      run(`const n = r.field('revenue'); const o = (x) => n.format(x); return [
        n.format(), o({thousandsSeparator: true}), o({limitNumberOfDecimals: true}),
        o({limitNumberOfDecimals: 'true', numberOfDecimals: 3, limitRuleType: 'ROUND'}),
        o({thousandsSeparator: true, limitNumberOfDecimals: true, numberOfDecimals: 0, limitRuleType: 'ROUND'}),
        r.field('employees').format({thousandsSeparator: true}), r.field('budget').format({limitNumberOfDecimals: true, limitRuleType: 'ROUND'})];`),
    ).toEqual(['-1234.5678', '-1,234.5678', '-1234.56', '-1234.568', '-1,235', '1,234,567', '0.01']);
  });

  it('toHex gives hexadecimal, or empty text when there is no value', () => {
    expect(
      run(
        `return [r.field('employees').toHex(), r.field('revenue').toHex().slice(0, 6), sys.data.createRecord('companies').field('employees').toHex()];`,
      ),
    ).toEqual(['12d687', '-4d2.9', '']);
  });

  it('refuses unknown or ill-typed options', () => {
    expect(fail(`r.field('employees').format({symbol: '$'})`).message).toBe(
      `field('employees').format: 'symbol' is not a format option`,
    );
    expect(fail(`r.field('employees').format({numberOfDecimals: 21})`).code).toBe('badRequest');
    expect(fail(`r.field('employees').format({limitRuleType: 'CEIL'})`).code).toBe('badRequest');
  });
});

describe('url and rank wrappers', () => {
  it('url() and text() read both markdown forms and plain URLs', () => {
    expect(
      run(`const u = r.field('homepage'); const a = [u.url(), u.text()];
        u.val('(http://b.test)<B>'); a.push(u.url(), u.text()); u.val('http://c.test'); a.push(u.url(), u.text());
        return a;`),
    ).toEqual(['http://acme.test', 'Acme', 'http://b.test', 'B', 'http://c.test', 'http://c.test']);
  });

  it('rank helpers set and return ranks that sort where asked', () => {
    expect(
      run(`const k = r.field('rank'); const out = [k.rankBefore('iiiii'), k.rankAfter('iiiii'), k.rankAfter('zz'),
        k.rankBetween('a', 'b'), k.rankBetween('a', 'a1'), k.rankBetween('az', 'b'), k.val()];
        return out;`),
    ).toEqual(['9', 'r', 'zzi', 'ai', 'a0i', 'azi', 'azi']);
    expect(fail(`r.field('rank').rankBefore('0')`).message).toBe(
      `field('rank').rankBefore: no rank fits between "" and "0"`,
    );
    expect(fail(`r.field('rank').rankBetween('b', 'a')`).code).toBe('badRequest');
    expect(fail(`r.field('rank').rankAfter('Bad!')`).message).toMatch(
      /rank must be a rank \(1 to 128 of 0-9 a-z\)/,
    );
  });
});

describe('records as Slingr packages see them', () => {
  it('carry an enumerable __class__ of Data, and JSON.stringify gives toJson()', () => {
    expect(
      run(
        `return [r.__class__, Object.keys(r), JSON.parse(JSON.stringify(r)).name, r.entityId(), r.parent()];`,
      ),
    ).toEqual(['Data', ['__class__'], 'Acme', 'companies', null]);
  });
});
