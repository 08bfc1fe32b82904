/** The results of a bench run: one table row per target, plus notes, printed as Markdown. */

/** A ratio target, checked only in full runs. */
export interface Target {
  /** As printed: `≥ 50% of direct`. */
  text: string;
  met(value: number): boolean;
}

export interface Row {
  workload: string;
  /** Warden's figure (per op or per run), already formatted. */
  warden: string;
  raw?: string;
  direct?: string;
  vm?: string;
  /** The compared figure as printed (`63%`, `1.72×`, `4.1 ms`). */
  ratio: string;
  target: Target;
  /** The compared figure, as the target's `met` takes it. */
  value: number;
}

export interface Report {
  short: boolean;
  rows: Row[];
  /** Measurements with no target: costs, memory, bytes per call. */
  notes: string[];
}

export function createReport(short: boolean): Report {
  return { short, rows: [], notes: [] };
}

/** `yes`/`**no**` in full runs; `n/a` in short runs, where counts are too small to mean anything. */
export function verdict(report: Report, row: Row): string {
  if (report.short) return 'n/a (short)';
  return row.target.met(row.value) ? 'yes' : '**no**';
}

/** The main table, ready to paste in a README. */
export function renderTable(report: Report): string {
  const head = ['workload', 'Warden', 'raw SQL', 'direct', 'node:vm', 'ratio', 'target', 'met?'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of report.rows) {
    const cells = [
      row.workload,
      row.warden,
      row.raw ?? '–',
      row.direct ?? '–',
      row.vm ?? '–',
      row.ratio,
      row.target.text,
      verdict(report, row),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function renderNotes(report: Report): string {
  return report.notes.map((n) => `- ${n}`).join('\n');
}

/** Rows whose target was checked and missed (always none in short mode). */
export function missed(report: Report): Row[] {
  return report.short ? [] : report.rows.filter((r) => !r.target.met(r.value));
}

export const atLeastPercent = (percent: number, of: string): Target => ({
  text: `≥ ${percent}% of ${of}`,
  met: (v) => v >= percent / 100,
});
