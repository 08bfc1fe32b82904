import { readFileSync } from 'node:fs';
import { jsonErrorLocation, WardenError } from '@warden/runtime';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

/** The JSON in `file`; a badRequest naming the file and why (missing, or `file:line:column`). */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new WardenError('badRequest', `cannot read ${what} '${file}': ${REASONS[code] ?? code}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw new WardenError(
      'badRequest',
      `${jsonErrorLocation(file, text, message)}: ${what} is not valid JSON (${message})`,
    );
  }
}
