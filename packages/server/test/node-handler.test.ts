// toNodeHandler facing malformed HTTP: what a scanner or a broken proxy sends must get a plain
// 4xx, never a 500 with a stack trace in the log per request.
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toNodeHandler } from '../src';
import { serve, type Served } from './helpers/http';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
  vi.restoreAllMocks();
});

/** Sends a raw HTTP/1.1 request and resolves with the status line's code. */
function rawRequest(url: string, head: string): Promise<number> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (status && text.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on('error', reject);
    socket.write(`${head}\r\nConnection: close\r\n\r\n`);
  });
}

describe('toNodeHandler and malformed requests', () => {
  it('an invalid Host header -> 400, a TRACE -> 405, and not one line of log', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const handler = vi.fn(async () => new Response('ok'));
    served = await serve(toNodeHandler(handler));
    for (let i = 0; i < 10; i++) {
      expect(await rawRequest(served.url, 'GET /events HTTP/1.1\r\nHost: bad host name')).toBe(400);
      expect(await rawRequest(served.url, 'GET /events HTTP/1.1\r\nHost: [::1')).toBe(400);
      expect(await rawRequest(served.url, 'TRACE /events HTTP/1.1\r\nHost: rp.example')).toBe(405);
    }
    expect(handler).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
    // A sound request still goes through.
    expect(await rawRequest(served.url, 'GET /events HTTP/1.1\r\nHost: rp.example')).toBe(200);
  });
});
