#!/usr/bin/env node
// `pnpm serve:dist`: serves the production build on http://localhost:4200 (the origin the dev OP
// registered for client angular-demo), with the SPA fallback: unknown paths get index.html.
// NG_OUT_DIR (relative to this app; default dist/angular-demo) as for `pnpm build`.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = fileURLToPath(new URL('..', import.meta.url));
const root = resolve(app, process.env.NG_OUT_DIR || 'dist/angular-demo', 'browser');
if (!existsSync(join(root, 'index.html'))) {
  console.error(`serve-dist: no index.html in ${root}; run \`pnpm build\` first`);
  process.exit(1);
}
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  let file = join(root, normalize(path));
  if (!file.startsWith(root + '/') || !existsSync(file) || !statSync(file).isFile()) {
    file = join(root, 'index.html');
  }
  res.writeHead(200, {
    'content-type': `${TYPES[extname(file)] ?? 'application/octet-stream'}; charset=utf-8`,
    // Hashed assets may be cached; the page itself never, so a rebuild is picked up at once.
    'cache-control': file.endsWith('.html') ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  createReadStream(file).pipe(res);
}).listen(4200, 'localhost', () => console.log(`angular-demo: ${root} on http://localhost:4200`));
