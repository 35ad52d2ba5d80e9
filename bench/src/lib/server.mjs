// Serves the bench build: one origin per subject (its page for every app path, the shared assets),
// and a sink that answers the OP's back-channel logout calls with 200.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

function send(res, file, cache) {
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': statSync(file).size,
    'cache-control': cache,
  });
  createReadStream(file).pipe(res);
}

/** `page`: the HTML file (under dist/pages) served for every path that is not an asset. */
function pageHandler(distDir, page) {
  return (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.startsWith('/assets/')) {
      const file = normalize(join(distDir, path));
      if (!file.startsWith(join(distDir, 'assets')) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      send(res, file, 'public, max-age=31536000, immutable');
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    // Front-channel logout is ignored by every subject: all are measured on polling alone.
    const html = path === '/frontchannel-logout' ? 'blank.html' : page;
    send(res, join(distDir, 'pages', html), 'no-store');
  };
}

function sink(req, res) {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'cache-control': 'no-store' }).end());
}

function listenOn(host, port, handler) {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

/** `localhost` on both loopback addresses: Chromium may try ::1 first (as the dev OP does). */
async function listen(port, handler) {
  const v4 = await listenOn('127.0.0.1', port, handler);
  const v6 = await listenOn('::1', port, handler).catch(() => null); // no IPv6 here: fine
  return v6 ? [v4, v6] : [v4];
}

/**
 * Listen on every subject's port (and the sink's); resolves with a close function.
 * @param {string} distDir
 * @param {{ name: string, port: number }[]} subjects
 * @param {number} sinkPort
 */
export async function serveBench(distDir, subjects, sinkPort) {
  const servers = [];
  try {
    for (const s of subjects) {
      servers.push(...(await listen(s.port, pageHandler(distDir, `${s.name}.html`))));
    }
    servers.push(...(await listen(sinkPort, sink)));
  } catch (err) {
    await closeAll(servers);
    throw err;
  }
  return () => closeAll(servers);
}

function closeAll(servers) {
  return Promise.all(
    servers.map(
      (s) =>
        new Promise((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  );
}
