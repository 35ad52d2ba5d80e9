// Runs a Web `Request -> Response` handler on node:http, and so on Express and anything else
// that hands out IncomingMessage/ServerResponse.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Fetch API handler, as the package's handlers are. */
export type WebHandler = (request: Request) => Response | Promise<Response>;

/** An IncomingMessage as frameworks leave it: Express adds `originalUrl` and, after a parser, `body`. */
type NodeRequest = IncomingMessage & { originalUrl?: string; body?: unknown; _body?: boolean };

/** A Node `http` request listener, also usable as Express or Connect middleware (`next`). */
export type NodeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (err?: unknown) => void,
) => void;

/**
 * Adapt a {@link WebHandler} to Node's `http` server, Express or Fastify (raw request): reads the
 * body (or takes the one a parser left), streams the response, and ends a stream when the client
 * goes away.
 */
export function toNodeHandler(handler: WebHandler): NodeHandler {
  return (req, res) => {
    void run(handler, req as NodeRequest, res);
  };
}

async function run(handler: WebHandler, req: NodeRequest, res: ServerResponse): Promise<void> {
  // The Request's signal says "the client is gone", which is how an SSE stream learns to stop.
  // `res` 'close' fires on completion or disconnect; `req` 'close' fires once the body is read.
  const gone = new AbortController();
  res.once('close', () => gone.abort());

  let response: Response;
  const method = (req.method ?? 'GET').toUpperCase();
  const url = requestUrl(req);
  if (method === 'TRACE') {
    // The Fetch standard forbids it (a Request cannot even be built): a scanner's probe. Node
    // itself answers CONNECT and unknown methods such as TRACK.
    response = plainError(405, 'method not allowed');
  } else if (!url) {
    response = plainError(400, 'bad Host header');
  } else {
    let request: Request | undefined;
    try {
      request = toRequest(req, url, gone.signal, res);
    } catch {
      // Something else in the request the Fetch API will not carry: the client's fault.
    }
    response = request ? await callHandler(handler, request) : plainError(400, 'malformed request');
  }
  if (res.headersSent || res.destroyed) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  await writeResponse(response, res);
}

function plainError(status: number, description: string): Response {
  return new Response(
    JSON.stringify({ error: 'invalid_request', error_description: description }),
    {
      status,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    },
  );
}

/** The request's URL, or `null` when the Host header (client-supplied) makes no valid URL. */
function requestUrl(req: NodeRequest): URL | null {
  const encrypted = (req.socket as { encrypted?: boolean } | null)?.encrypted === true;
  try {
    return new URL(
      req.originalUrl ?? req.url ?? '/',
      `${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`,
    );
  } catch {
    return null;
  }
}

async function callHandler(handler: WebHandler, request: Request): Promise<Response> {
  try {
    return await handler(request);
  } catch (err) {
    console.error('[oidc-session/server] handler failed', err);
    return new Response(JSON.stringify({ error: 'server_error' }), {
      status: 500,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    });
  }
}

function toRequest(req: NodeRequest, url: URL, signal: AbortSignal, res: ServerResponse): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue; // HTTP/2 pseudo-headers
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (method !== 'GET' && method !== 'HEAD') {
    if (req._body === true || req.readableEnded) {
      // A body parser got there first: rebuild what it read.
      init.body = parsedBody(req.body);
      headers.delete('content-length');
    } else {
      const body = nodeBodyStream(req);
      init.body = body.stream;
      init.duplex = 'half';
      // Whatever the handler left unread (an early 405/413/415) is discarded once the response is
      // out, so the connection can serve the next request.
      res.once('finish', body.discardRest);
    }
  }
  return new Request(url, init);
}

/** What Express's parsers leave in `req.body`, turned back into bytes the handler can read. */
function parsedBody(body: unknown): BodyInit | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string' || body instanceof Uint8Array) return body as BodyInit;
  if (typeof body === 'object') {
    // express.urlencoded(): repeated fields come back as arrays, and stay repeated here.
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(body)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        form.append(name, typeof v === 'string' ? v : JSON.stringify(v));
      }
    }
    return form.toString();
  }
  return null;
}

/**
 * The request body as a web stream with backpressure. Unlike `Readable.toWeb`, cancelling it does
 * not destroy the socket: the handler must still be able to answer 413 after reading too much.
 */
function nodeBodyStream(req: IncomingMessage): {
  stream: ReadableStream<Uint8Array>;
  discardRest: () => void;
} {
  let done = false;
  const detach = () => {
    done = true;
    req.off('data', onData).off('end', onEnd).off('error', onError);
  };
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const onData = (chunk: Buffer) => {
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const onEnd = () => {
    detach();
    controller.close();
  };
  const onError = (err: Error) => {
    detach();
    controller.error(err);
  };
  const discardRest = () => {
    if (done) return;
    detach();
    req.resume();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        req.on('data', onData).on('end', onEnd).on('error', onError);
      },
      pull() {
        if (!done) req.resume();
      },
      cancel: discardRest,
    },
    { highWaterMark: 4 },
  );
  return { stream, discardRest };
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  const cookies = response.headers.getSetCookie();
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (!response.body) {
    res.end();
    return;
  }
  // Streams (SSE) must not wait for the first chunk to show their headers.
  res.flushHeaders();
  const reader = response.body.getReader();
  const stopReading = () => void reader.cancel().catch(() => undefined);
  res.once('close', stopReading);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const resume = () => {
            res.off('drain', resume).off('close', resume);
            resolve();
          };
          res.on('drain', resume).on('close', resume);
        });
      }
      if (res.destroyed) break;
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    res.off('close', stopReading);
  }
}
