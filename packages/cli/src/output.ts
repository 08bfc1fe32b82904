/** Where the CLI writes; tests pass their own to capture it. */
export interface Output {
  line(text: string): void;
  error(text: string): void;
}

export const stdio: Output = {
  line: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};
