// The README's examples live in the adapter packages' tests (see readme-examples.ts); this checks
// that each one is there and that the extraction itself cannot pass on nothing.
import { describe, expect, it } from 'vitest';
import readme from '../README.md?raw';
import { readmeExamples, readmeRegion } from './readme-examples';

describe('README examples', () => {
  it('has one example per adapter, each a test with imports and assertions', () => {
    const examples = readmeExamples(readme);
    expect([...examples.keys()]).toEqual(['react', 'vue', 'angular']);
    for (const [name, code] of examples) {
      expect(code, name).toMatch(/from '@oidc-session\/testing';/);
      expect(code, name).toMatch(/\btest\('/);
      expect(code, name).toMatch(/\bexpect\(/);
    }
  });

  it('extracts exactly the region between the markers', () => {
    const source = 'a\n// #region readme\nb\nc\n// #endregion readme\nd\n';
    expect(readmeRegion(source)).toBe('b\nc\n');
    expect(() => readmeRegion('no markers')).toThrow(/#region readme/);
    const md = '<!-- example: x -->\n\n```ts\nconst a = 1;\n```\n';
    expect(readmeExamples(md).get('x')).toBe('const a = 1;\n');
  });
});
