import { Readable } from 'node:stream';
import { badRequest } from '@warden/sys-api';
import { type CsvError, parse as parseCsvStream } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import type { EntityDef } from './app-definition.js';
import { checkHeader, csvFields, type ImportFormat, jsonFields, type RowImporter } from './import-rows.js';

/**
 * One row read from a file: its line (1-based) and either its fields (a thunk, so that a bad value
 * fails as that row's error) with the row's raw columns, or the error that made it unreadable.
 */
export type ReadRow =
  | { line: number; fields: () => Record<string, unknown>; raw: Record<string, unknown> }
  | { line: number; error: Error };

/** Options shared by the readers. */
export interface ReadOptions {
  /** Columns (CSV) or keys (JSON Lines) that are not fields but the importer's (`passwordHash`). */
  extra?: Set<string>;
  /** Called with the bytes read so far, for progress bars. */
  onBytes?(bytes: number): void;
}

/** Checks an import's format argument (`csv` or `jsonl`). */
export function checkFormat(fn: string, format: unknown): ImportFormat {
  if (format !== 'csv' && format !== 'jsonl')
    throw badRequest(`${fn}: format must be 'csv' or 'jsonl', got ${JSON.stringify(format)}`);
  return format;
}

const CSV_OPTIONS = { bom: true, skip_empty_lines: true, info: true, skip_records_with_error: true } as const;

function csvRow(
  entity: EntityDef,
  extra: Set<string>,
  record: Record<string, string>,
  line: number,
): ReadRow {
  return { line, fields: () => csvFields(entity, record, extra), raw: record };
}

function jsonRow(extra: Set<string>, text: string, line: number): ReadRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: badRequest(`the line is not JSON (${(error as Error).message})`) };
  }
  return { line, fields: () => jsonFields(value, extra), raw: (value ?? {}) as Record<string, unknown> };
}

/**
 * Reads rows from a stream of file bytes, in small batches (memory stays constant whatever the
 * file's size: one chunk of the file at a time): csv-parse for CSV (quoted fields may span lines;
 * a record's line is where it ends), a split per chunk for JSON Lines (blank lines are skipped).
 */
export async function* readRows(
  fn: string,
  entity: EntityDef,
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string> | Readable,
  format: ImportFormat,
  options: ReadOptions = {},
): AsyncGenerator<ReadRow[]> {
  const extra = options.extra ?? new Set<string>();
  const stream = input instanceof Readable ? input : Readable.from(input);
  let bytes = 0;
  if (options.onBytes) {
    stream.on('data', (chunk: Buffer | string) => {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      options.onBytes!(bytes);
    });
  }
  if (format === 'jsonl') {
    // Lines are split per chunk and handed on as one batch per chunk: an await per row (readline)
    // cost more than the JSON parse of the row.
    let line = 0;
    let rest = '';
    const decoder = new TextDecoder();
    const take = (text: string, out: ReadRow[]) => {
      line++;
      if (text.trim() !== '') out.push(jsonRow(extra, text, line));
    };
    for await (const chunk of stream) {
      const text =
        rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk as Buffer, { stream: true }));
      const lines = text.split('\n');
      rest = lines.pop()!;
      const out: ReadRow[] = [];
      for (const l of lines) take(l.endsWith('\r') ? l.slice(0, -1) : l, out);
      if (out.length > 0) yield out;
    }
    const out: ReadRow[] = [];
    rest += decoder.decode();
    if (rest !== '') take(rest, out);
    if (out.length > 0) yield out;
    return;
  }
  const skipped: ReadRow[] = [];
  const parser = stream.pipe(
    parseCsvStream({
      ...CSV_OPTIONS,
      columns: (header: string[]) => {
        checkHeader(fn, entity, header, extra);
        return header;
      },
      on_skip: (error: CsvError | undefined) => {
        if (error)
          skipped.push({ line: (error as { lines?: number }).lines ?? 0, error: badRequest(error.message) });
        return undefined;
      },
    }),
  );
  stream.on('error', (error) => parser.destroy(error));
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    if (skipped.length > 0) yield skipped.splice(0);
    yield [csvRow(entity, extra, record, info.lines)];
  }
  if (skipped.length > 0) yield skipped.splice(0);
}

/** `readRows` over text already in memory (a script's `importRecords`), synchronously. */
export function* readRowsSync(
  fn: string,
  entity: EntityDef,
  text: string,
  format: ImportFormat,
  extra = new Set<string>(),
): Generator<ReadRow> {
  if (format === 'jsonl') {
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++)
      if (lines[i]!.trim() !== '') yield jsonRow(extra, lines[i]!, i + 1);
    return;
  }
  const skipped: ReadRow[] = [];
  const rows = parseCsvSync(text, {
    ...CSV_OPTIONS,
    columns: (header: string[]) => {
      checkHeader(fn, entity, header, extra);
      return header;
    },
    on_skip: (error: CsvError | undefined) => {
      if (error)
        skipped.push({ line: (error as { lines?: number }).lines ?? 0, error: badRequest(error.message) });
      return undefined;
    },
  }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
  const all: ReadRow[] = [...rows.map((r) => csvRow(entity, extra, r.record, r.info.lines)), ...skipped];
  all.sort((a, b) => a.line - b.line);
  yield* all;
}

/** Feeds rows to an importer until the rows end or the importer stops (all-or-nothing's cap). */
export function feed(importer: RowImporter, row: ReadRow): void {
  if ('error' in row) importer.fail(row.line, row.error);
  else importer.add(row.line, row.fields as () => Record<string, unknown>, row.raw);
}
