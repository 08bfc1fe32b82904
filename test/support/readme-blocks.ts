import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A code block of README.md marked `<!-- runnable: KIND -->` on the line before its fence. */
export interface RunnableBlock {
  /** `script`: a sys script for `warden.run`; `module`: an ES module run with node in its own folder. */
  kind: 'script' | 'module';
  code: string;
  /** 1-based line of the marker, for messages. */
  line: number;
}

export const README = join(import.meta.dirname, '..', '..', 'README.md');

/** Every runnable block of README.md, read from the file itself. */
export function runnableBlocks(file = README): RunnableBlock[] {
  const text = readFileSync(file, 'utf8');
  const blocks: RunnableBlock[] = [];
  for (const m of text.matchAll(/<!-- runnable: (\w+) -->\n```\w*\n([\s\S]*?)\n```/g)) {
    if (m[1] !== 'script' && m[1] !== 'module') throw new Error(`README.md: unknown runnable kind '${m[1]}'`);
    blocks.push({ kind: m[1], code: m[2]!, line: text.slice(0, m.index).split('\n').length });
  }
  return blocks;
}
