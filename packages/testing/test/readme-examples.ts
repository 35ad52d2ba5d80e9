// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the adapters' tsconfig includes only their own folders, and a .d.ts cannot be imported
/// <reference path="./raw-imports.d.ts" />
// The README's examples are the `readme` regions of real test files in the adapter packages (which
// run them); these two functions let those tests fail when the README and the file drift apart.

const MARKER = /<!-- example: ([a-z-]+) -->\n+```[a-z]*\n([\s\S]*?)```/g;

/** Every example block of the README, by name (`<!-- example: react -->` then a fenced block). */
export function readmeExamples(readme: string): Map<string, string> {
  const examples = new Map<string, string>();
  for (const [, name, code] of readme.matchAll(MARKER)) examples.set(name!, code!);
  return examples;
}

/** The lines between `// #region readme` and `// #endregion readme` of a test file. */
export function readmeRegion(source: string): string {
  const match = /\/\/ #region readme\n([\s\S]*?)\/\/ #endregion readme\n/.exec(source);
  if (!match) throw new Error('no `// #region readme` ... `// #endregion readme` in this file');
  return match[1]!;
}
