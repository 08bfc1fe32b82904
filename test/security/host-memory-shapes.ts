import { readFileSync } from 'node:fs';

// Shapes shared by host-memory.test.ts and worst-shapes-soak.test.ts.

/** An app with one entity of long texts. */
export const DOCS_APP = {
  name: 'host-memory',
  entities: {
    docs: {
      fields: {
        title: { type: 'text' },
        a: { type: 'longText' },
        b: { type: 'longText' },
        c: { type: 'longText' },
        d: { type: 'longText' },
      },
    },
  },
};

/** Resident memory of a process, in MB. */
export const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Characters of the big record's text: under maxRecordBytes, far over what a run should pin. */
export const BIG = 900_000;

/** 201 docs where the first page's last row (sort id desc) holds `BIG` characters. */
export const SEED_PINNING = `
  function add(title, text) { var r = sys.data.createRecord('docs'); r.field('title').val(title);
    if (text) r.field('a').val(text); sys.data.save(r); }
  add('oldest'); add('big', 'y'.repeat(${BIG}));
  for (var i = 0; i < 199; i++) add('small ' + i);
  return sys.data.count('docs', {});`;

/** Opens result sets, reads each one's first page and keeps it open. */
export const PIN_CURSORS = `
  var keep = [];
  for (var i = 0; i < n; i++) {
    var rs = sys.data.find('docs', {});
    for (var j = 0; j < 200; j++) rs.next();
    keep.push(rs);
  }
  return keep.length;`;
