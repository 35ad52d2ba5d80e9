// A TCP relay between the store and redis-server that can break the link at a chosen command:
// once a client sends bytes containing `marker`, Redis runs that command, and its reply is
// swallowed while the fault is injected. That is the moment a real network blip or crash bites:
// the command happened, the store never hears so.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  url: string;
  /**
   * Arm a fault: the next command carrying `marker` reaches Redis, its reply never comes back, and
   * `fault` runs (e.g. drop every connection, or kill redis-server). Resolves once it has run.
   */
  breakAt(marker: string, fault: () => void | Promise<void>): Promise<void>;
  /** Close every relayed connection now (both sides see the link drop; new ones are accepted). */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let armed: { marker: Buffer; fault: () => void | Promise<void>; done: () => void } | undefined;

  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    let swallowNextReply = false;
    const closeBoth = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', closeBoth).on('close', closeBoth);
    upstream.on('error', closeBoth).on('close', closeBoth);

    client.on('data', (chunk: Buffer) => {
      if (armed && chunk.includes(armed.marker)) swallowNextReply = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (swallowNextReply && armed) {
        // Redis has answered, so the command ran; the store never gets to know.
        const { fault, done } = armed;
        armed = undefined;
        swallowNextReply = false;
        void Promise.resolve(fault()).then(done);
        return;
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  const dropConnections = () => {
    for (const [client, upstream] of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    breakAt: (marker, fault) =>
      new Promise<void>((done) => {
        armed = { marker: Buffer.from(marker), fault, done };
      }),
    dropConnections,
    close: () =>
      new Promise<void>((resolve) => {
        dropConnections();
        server.close(() => resolve());
      }),
  };
}
