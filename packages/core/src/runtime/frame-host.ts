// Hosts the OP iframe: creates and removes it, posts checks to its exact origin, and filters the
// page's `message` events. A reply counts only from the OP origin AND the iframe's window, as one
// of the three strings, while a check is in flight; anything else is counted, never thrown on.
import type { OpFrame, OpFrameFactory } from '../op-frame';

const ANSWERS = new Set<unknown>(['unchanged', 'changed', 'error']);

export function createFrameHost(
  win: Window | undefined,
  createFrame: OpFrameFactory,
  /** Whether a check is in flight now. */
  awaiting: () => boolean,
  onAnswer: (answer: 'unchanged' | 'changed' | 'error') => void,
  onIgnored: () => void,
) {
  let frame: OpFrame | null = null;
  let origin = '';
  let url = '';

  function onMessage(e: MessageEvent): void {
    if (
      e.origin === origin &&
      e.source === frame?.window &&
      e.source &&
      ANSWERS.has(e.data) &&
      awaiting()
    ) {
      onAnswer(e.data as 'unchanged' | 'changed' | 'error');
    } else onIgnored();
  }

  function remove(): void {
    if (!frame) return;
    win?.removeEventListener('message', onMessage);
    frame.remove();
    frame = null;
  }

  return {
    /** Load the iframe at `frameUrl` (replacing any); resolves when it fires `load`. */
    load(frameUrl: string, frameOrigin: string): Promise<void> {
      remove();
      win?.addEventListener('message', onMessage);
      frame = createFrame(frameUrl);
      origin = frameOrigin;
      url = frameUrl;
      return frame.loaded;
    },
    remove,
    post(message: string): void {
      frame?.post(message, origin);
    },
    /** The URL of the last iframe loaded (the probe's target). */
    url: () => url,
  };
}

/** The origin of the check_session_iframe URL; empty when it has none usable. */
export function frameOrigin(url: string | undefined): string {
  try {
    const origin = url ? new URL(url).origin : '';
    return origin === 'null' ? '' : origin;
  } catch {
    return ''; // not a URL: no usable iframe
  }
}
