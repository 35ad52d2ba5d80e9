// Serving handlers on 127.0.0.1 and talking to them the way an OP and a browser do.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function serve(listener: RequestListener): Promise<Served> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function formRequest(url: string, body: string, init: RequestInit = {}): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
    ...init,
  });
}

export function postLogoutToken(url: string, token: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: token }),
  });
}

/** A browser-like SSE reader: read until the stream has said something, with a deadline. */
export interface SseClient {
  response: Response;
  text(): string;
  waitFor(fragment: string, timeoutMs?: number): Promise<string>;
  /** Resolves once the server has ended the stream. */
  ended(timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function openSse(url: string, init: RequestInit = {}): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(url, { ...init, signal: abort.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let done = false;
  const waiters = new Set<() => void>();
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
        for (const wake of [...waiters]) wake();
      }
    } catch {
      // aborted by close()
    }
    done = true;
    for (const wake of [...waiters]) wake();
  })();

  const until = (condition: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      if (condition()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`SSE: timed out waiting for ${what}; got ${JSON.stringify(text)}`));
      }, timeoutMs);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });

  return {
    response,
    text: () => text,
    async waitFor(fragment, timeoutMs = 5000) {
      await until(() => text.includes(fragment), JSON.stringify(fragment), timeoutMs);
      return text;
    },
    ended: (timeoutMs = 5000) => until(() => done, 'the end of the stream', timeoutMs),
    close: () => abort.abort(),
  };
}

/** Parses the `event: logout` frames of an SSE text. */
export function logoutEvents(text: string): Record<string, unknown>[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.startsWith('event: logout\n'))
    .map((frame) => JSON.parse(frame.split('\ndata: ')[1]!) as Record<string, unknown>);
}
