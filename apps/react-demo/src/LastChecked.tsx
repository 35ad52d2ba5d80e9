// "2 s ago": re-renders itself every second and on each check, and nothing else does. Quiet
// `unchanged` polls do not change the snapshot, so the figure comes from getLastCheckedAt().
import { useEffect, useReducer } from 'react';
import { session } from './session';

export function LastChecked() {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const timer = setInterval(tick, 1000);
    const off = session.on('checked', tick);
    return () => {
      clearInterval(timer);
      off();
    };
  }, []);
  const at = session.getLastCheckedAt();
  const ago = at === null ? null : Math.max(0, Math.floor((Date.now() - at) / 1000));
  return <span data-testid="last-checked">{ago === null ? 'not yet' : `${ago} s ago`}</span>;
}
