// Just enough of the browser's EventSource for Node 20 (which has none): fetch the stream, parse
// its frames, dispatch named events, and reconnect after `retry:` ms when the server ends it.
export class FetchEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static #connections = new Map<string, number>();

  /** How many times a stream to this URL (without query) was opened: a reconnect counts again. */
  static connected(url: string): number {
    return FetchEventSource.#connections.get(url.split('?')[0]!) ?? 0;
  }

  readyState = FetchEventSource.CONNECTING;
  readonly url: string;
  #abort = new AbortController();
  #retryMs = 3000;

  constructor(url: string | URL, _init?: { withCredentials?: boolean }) {
    super();
    this.url = String(url);
    void this.#connect();
  }

  close(): void {
    this.readyState = FetchEventSource.CLOSED;
    this.#abort.abort();
  }

  async #connect(): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        headers: { Accept: 'text/event-stream' },
        signal: this.#abort.signal,
      });
    } catch {
      return this.#lost();
    }
    if (!response.ok || !response.body) {
      // The browser gives up for good on an HTTP error.
      this.readyState = FetchEventSource.CLOSED;
      this.dispatchEvent(new Event('error'));
      return;
    }
    const key = this.url.split('?')[0]!;
    FetchEventSource.#connections.set(key, FetchEventSource.connected(key) + 1);
    this.readyState = FetchEventSource.OPEN;
    this.dispatchEvent(new Event('open'));
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          this.#frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    }
    this.#lost();
  }

  #frame(frame: string): void {
    let type = 'message';
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      const colon = line.indexOf(':');
      if (colon === 0) continue; // a comment
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) this.#retryMs = Number(value);
    }
    if (data.length > 0) this.dispatchEvent(new MessageEvent(type, { data: data.join('\n') }));
  }

  #lost(): void {
    if (this.readyState === FetchEventSource.CLOSED) return;
    this.readyState = FetchEventSource.CONNECTING;
    this.dispatchEvent(new Event('error'));
    setTimeout(() => {
      if (this.readyState !== FetchEventSource.CLOSED) void this.#connect();
    }, this.#retryMs);
  }
}
