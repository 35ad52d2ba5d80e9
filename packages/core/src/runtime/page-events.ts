// The page's lifecycle as engine events: shown, focused or back online (`wake`), frozen or
// hidden for good (`freeze`), back from the bfcache or a freeze (`resume`).
import type { EngineEvent } from '../engine/events';

/** Whether every view of this tab is hidden. */
export const isHidden = (win: Window) => win.document.visibilityState === 'hidden';

/** Listen; returns the function that stops listening. */
export function watchPage(win: Window, dispatch: (e: EngineEvent) => void): () => void {
  const wake = () => dispatch({ type: 'wake', hidden: isHidden(win) });
  const freeze = () => dispatch({ type: 'freeze' });
  const resume = (e: Event) => {
    if ((e as PageTransitionEvent).persisted !== false) dispatch({ type: 'resume' });
  };
  // visibilitychange is fired at the document and bubbles to the window; freeze/resume are fired
  // at the document: capture them on the way down through the window.
  const wakeEvents = ['visibilitychange', 'focus', 'online'];
  const pageEvents = [
    ['freeze', freeze],
    ['pagehide', freeze],
    ['resume', resume],
    ['pageshow', resume],
  ] as const;
  for (const type of wakeEvents) win.addEventListener(type, wake);
  for (const [type, handler] of pageEvents) win.addEventListener(type, handler, true);
  return () => {
    for (const type of wakeEvents) win.removeEventListener(type, wake);
    for (const [type, handler] of pageEvents) win.removeEventListener(type, handler, true);
  };
}
