// The apps of examples/ that the consumer test installs from tarballs, and how each is checked.
// `port`: `npm start` serves the production build there ($PORT). `clientId`: its registration at
// the dev OP (origin http://localhost:<port>); those apps also sign in and out in Chromium.
// `page`: what the served page must contain. `test`: an npm script that checks the app by itself.
// `buildTypechecks`: its build type-checks the whole app with its tsconfig (next build, ng build),
// so the separate `npm run typecheck` is skipped to save CI time.

/** Server-rendered pages must say `idle` in the session status element. */
const IDLE_STATUS = /data-testid="session-status"[^>]*>idle</;

export const CONSUMER_APPS = [
  {
    name: 'nextjs',
    buildTypechecks: true,
    port: 3000,
    clientId: 'nextjs-example',
    page: IDLE_STATUS,
  },
  { name: 'nuxt', port: 3001, clientId: 'nuxt-example', page: IDLE_STATUS },
  {
    name: 'angular-ssr',
    buildTypechecks: true,
    port: 4000,
    clientId: 'angular-ssr-example',
    page: IDLE_STATUS,
  },
  {
    name: 'vite-react',
    port: 3002,
    clientId: 'vite-react-example',
    page: /<div id="root"><\/div>/,
  },
  { name: 'vite-vue', port: 3003, clientId: 'vite-vue-example', page: /<div id="app"><\/div>/ },
  {
    name: 'angular-spa',
    buildTypechecks: true,
    port: 3004,
    clientId: 'angular-spa-example',
    page: /<app-root><\/app-root>/,
  },
  { name: 'node-server', test: 'test' },
];
