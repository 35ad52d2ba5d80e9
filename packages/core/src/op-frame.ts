// The hidden OP iframe (`check_session_iframe`). The engine owns the message listener and all
// checks on replies; this only creates, posts to and removes the element.

/** A loaded-or-loading OP iframe. */
export interface OpFrame {
  /** The window replies must come from. */
  readonly window: Window | null;
  /** Resolves when the iframe fires `load`. */
  readonly loaded: Promise<void>;
  post(message: string, targetOrigin: string): void;
  remove(): void;
}

/** Creates the OP iframe; replaced by a scripted fake in unit tests. */
export type OpFrameFactory = (url: string) => OpFrame;

/** The real factory: a hidden iframe appended to `document.body`. */
export const createDomOpFrame: OpFrameFactory = (url) => {
  const el = document.createElement('iframe');
  // Not display:none: some browsers throttle or skip scripts in undisplayed frames.
  // visibility:hidden also keeps it out of the accessibility tree and the tab order.
  el.style.cssText = 'position:fixed;width:0;height:0;border:0;visibility:hidden';
  const loaded = new Promise<void>((resolve) =>
    el.addEventListener('load', () => resolve(), { once: true }),
  );
  el.src = url;
  document.body.appendChild(el);
  return {
    get window() {
      return el.contentWindow;
    },
    loaded,
    post: (message, targetOrigin) => el.contentWindow?.postMessage(message, targetOrigin),
    remove: () => el.remove(),
  };
};
