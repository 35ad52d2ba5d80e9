// The apps of examples/ that the consumer test installs from tarballs, and how each is checked.
// `port`: `npm start` serves the production build there ($PORT). `clientId`: its registration at
// the dev OP (origin http://localhost:<port>); those apps also sign in and out in Chromium.
// `page`: what the served page must contain. `test`: an npm script that checks the app by itself.

/** Server-rendered pages must say `idle` in the session status element. */
const IDLE_STATUS = /data-testid="session-status"[^>]*>idle</;

export const CONSUMER_APPS = [
  { name: 'nextjs', port: 3000, clientId: 'nextjs-example', page: IDLE_STATUS },
  { name: 'nuxt', port: 3001, clientId: 'nuxt-example', page: IDLE_STATUS },
  { name: 'angular-ssr', port: 4000, clientId: 'angular-ssr-example', page: IDLE_STATUS },
  { name: 'vite-react', port: 3002, page: /<div id="root"><\/div>/ },
  { name: 'vite-vue', port: 3003, page: /<div id="app"><\/div>/ },
  { name: 'angular-spa', port: 3004, page: /<app-root><\/app-root>/ },
  { name: 'node-server', test: 'test' },
];
