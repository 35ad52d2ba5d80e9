import { describe, expect, it } from 'vitest';
import { safeStorage } from '../src/storage';

describe('safeStorage', () => {
  it('calls the real Storage as methods', () => {
    const s = safeStorage(() => window.sessionStorage);
    s.setItem('k', 'v');
    expect(s.getItem('k')).toBe('v');
    s.removeItem('k');
    expect(s.getItem('k')).toBeNull();
  });

  it('turns missing or throwing storage into no-ops', () => {
    const missing = safeStorage(() => undefined);
    expect(missing.getItem('k')).toBeNull();
    const throwing = safeStorage(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    expect(() => throwing.setItem('k', 'v')).not.toThrow();
    expect(throwing.getItem('k')).toBeNull();
  });
});
