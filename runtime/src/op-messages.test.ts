import { badRequest, WardenError } from '@warden/sys-api';
import { describe, expect, it } from 'vitest';
import { speakingOfSysCalls, speakOfCall, sysCallOf } from './op-messages.js';

describe('messages name the sys call a script made', () => {
  it('maps ops to the calls scripts know', () => {
    expect(sysCallOf('data.findById')).toBe('sys.data.findById');
    expect(sysCallOf('data.saveMany')).toBe('sys.data.save');
    expect(sysCallOf('data.cursorNext')).toBe('ResultSet.next');
    expect(sysCallOf('users.activate')).toBe('sys.users.activate');
  });

  it('replaces a leading internal name, prefixes a bare message, keeps sys and hook messages', () => {
    expect(speakOfCall('sys.data.findById', "findRowJsonById: id 'x' is not a valid record id")).toBe(
      "sys.data.findById: id 'x' is not a valid record id",
    );
    expect(speakOfCall('sys.data.save', "update: 'companies' record 1 changed meanwhile")).toBe(
      "sys.data.save: 'companies' record 1 changed meanwhile",
    );
    expect(speakOfCall('sys.data.save', 'Validation failed: name: is required')).toBe(
      'sys.data.save: Validation failed: name: is required',
    );
    expect(speakOfCall('sys.data.find', "query on 'companies': key 'x': unknown field")).toBe(
      "sys.data.find: query on 'companies': key 'x': unknown field",
    );
    expect(speakOfCall('sys.users.activate', 'sys.users.activate: user must be a record')).toBe(
      'sys.users.activate: user must be a record',
    );
    expect(speakOfCall('sys.data.save', "hook 'audit' failed: boom (audit.js:1)")).toBe(
      "hook 'audit' failed: boom (audit.js:1)",
    );
  });

  it('rewrites the WardenErrors an op throws, keeping code, errors and info; other errors pass as they are', () => {
    const table = speakingOfSysCalls({
      'data.refresh': () => {
        throw new WardenError('validationErrors', 'normalize: bad', {
          errors: [{ field: 'a', code: 'x', message: 'm' }],
        });
      },
      'data.count': () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
      'data.remove': () => {
        throw badRequest('remove: nope', { entity: 'companies' });
      },
    });
    expect(() => table['data.refresh']!([])).toThrow(
      expect.objectContaining({
        code: 'validationErrors',
        message: 'sys.data.refresh: bad',
        errors: [expect.anything()],
      }),
    );
    expect(() => table['data.count']!([])).toThrow(RangeError);
    expect(() => table['data.remove']!([])).toThrow(
      expect.objectContaining({ message: 'sys.data.remove: nope', info: { entity: 'companies' } }),
    );
  });
});
