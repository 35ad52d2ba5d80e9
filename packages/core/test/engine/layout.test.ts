// @vitest-environment node
// The engine's shape, kept: no source file over 250 lines, and the transition modules import
// nothing but each other, the shared types and the pure message parser (the DOM-free type check
// is `tsc -p tsconfig.engine.json`).
import { describe, expect, it } from 'vitest';

declare global {
  interface ImportMeta {
    glob<T>(
      pattern: string,
      options: { query: '?raw'; import: 'default'; eager: true },
    ): Record<string, T>;
  }
}

/** Every source file's text, by path relative to src/. */
const SOURCES = Object.entries(
  import.meta.glob<string>('../../src/**/*.ts', { query: '?raw', import: 'default', eager: true }),
).map(([path, text]) => [path.replace('../../src/', ''), text] as const);

describe('source layout', () => {
  it('sees the sources', () => {
    expect(SOURCES.map(([path]) => path)).toContain('engine/transition.ts');
  });

  it.each(SOURCES)('%s has at most 250 lines', (_, text) => {
    expect(text.trimEnd().split('\n').length).toBeLessThanOrEqual(250);
  });

  it('transition modules import only engine modules, types, the client port and tab messages', () => {
    const allowed = /^(\.\/[a-z-]+|\.\.\/(types|client-port|tab-messages))$/;
    for (const [path, text] of SOURCES.filter(([p]) => p.startsWith('engine/'))) {
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(
        imports.filter((i) => !allowed.test(i!)),
        path,
      ).toEqual([]);
    }
  });
});
