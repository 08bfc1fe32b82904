import ivm from 'isolated-vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOOTSTRAP_FILENAME, BOOTSTRAP_SOURCE, encodeBootstrapSchema } from './index.js';
import { TEST_SCHEMA } from './testing/test-schema.js';

// bridge.js reads whatever text the host answers a call with. The real host always answers a
// well-formed envelope; these answers are set by hand, to check what the script sees for every
// shape, malformed ones included (a host bug must not become a script-visible oddity).

let isolate: ivm.Isolate;
let answer: string;
let run: (source: string) => unknown;

beforeEach(() => {
  isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = isolate.createContextSync();
  const dispatch = () => answer;
  const enter: ivm.Reference<(runJson: string, fn: unknown) => string> = context.evalClosureSync(
    BOOTSTRAP_SOURCE,
    [dispatch, () => {}, encodeBootstrapSchema(TEST_SCHEMA)],
    { result: { reference: true }, filename: BOOTSTRAP_FILENAME },
  );
  run = (source) => {
    const script = isolate.compileScriptSync(`(function () {${source}\n})`, {
      filename: 'file:///script.js',
    });
    const fn = script.runSync(context, { reference: true }) as ivm.Reference<unknown>;
    const out = enter.applySync(undefined, [JSON.stringify({ entity: null, args: [] }), fn.derefInto()], {
      timeout: 5000,
    });
    return JSON.parse(out);
  };
});
afterEach(() => isolate.dispose());

/** What a script catching the error of `sys.data.count` sees of it. */
const CAUGHT = `try { return {value: sys.data.count('companies')}; } catch (e) {
  return {code: e.code(), message: e.message(), info: sys.exceptions.getAdditionalInfo(e)};
}`;

describe('bridge: host answers', () => {
  it('gives the script the value of a success envelope, and null when it has none', () => {
    answer = '{"ok":true,"value":7}';
    expect(run(CAUGHT)).toEqual({ ok: true, value: { value: 7 } });
    answer = '{"ok":true}';
    const seen = 'var v = sys.data.count("companies"); return [v === null, typeof v];';
    expect(run(seen)).toEqual({ ok: true, value: [true, 'object'] });
  });

  it("throws an error envelope's code, message, info and field errors at the caller", () => {
    answer = JSON.stringify({
      ok: false,
      code: 'validationErrors',
      message: 'count: the query is wrong',
      info: { hint: 'x' },
      errors: [{ field: 'name', code: 'bad', message: 'name is bad' }],
    });
    expect(run(CAUGHT)).toEqual({
      ok: true,
      value: {
        code: 'validationErrors',
        message: 'count: the query is wrong',
        info: { hint: 'x', errors: [{ field: 'name', code: 'bad', message: 'name is bad' }] },
      },
    });
  });

  it('names an unreadable answer as a systemException of the call', () => {
    answer = 'not json';
    expect(run(CAUGHT)).toEqual({
      ok: true,
      value: { code: 'systemException', message: 'data.count: the host sent an unreadable answer', info: {} },
    });
  });

  it.each(['{"ok":1,"value":5}', 'null', '"ok"'])('takes only ok: true for success, not %s', (text) => {
    answer = text;
    expect(run(CAUGHT)).toEqual({
      ok: true,
      value: { code: 'unknownError', message: 'The host call failed', info: {} },
    });
  });

  it('fills in a code and a message the envelope lacks, and ignores info that is not an object', () => {
    answer = '{"ok":false,"code":42,"message":null,"info":[1,2],"errors":[]}';
    expect(run(CAUGHT)).toEqual({
      ok: true,
      value: { code: 'unknownError', message: 'The host call failed', info: {} },
    });
  });
});
