import vue from '@vitejs/plugin-vue';
import { defaultClientConditions, defineConfig } from 'vite';

// The OP is chosen when the dev server starts or the app is built, e.g.
// `OP_ORIGIN=http://127.0.0.1:4011 pnpm --filter @oidc-session/vue-demo dev` (cross-site).
const OP_ORIGIN = (process.env.OP_ORIGIN || 'http://localhost:4011').replace(/\/+$/, '');
// The demo backend (apps/demo-backend): back-channel logouts reach the app through it.
const BACKEND_ORIGIN = (process.env.BACKEND_ORIGIN || 'http://localhost:4012').replace(/\/+$/, '');

export default defineConfig({
  plugins: [vue()],
  define: {
    __OP_ORIGIN__: JSON.stringify(OP_ORIGIN),
    __BACKEND_ORIGIN__: JSON.stringify(BACKEND_ORIGIN),
  },
  // Use the workspace packages' TypeScript sources (their `@oidc-session/source` export
  // condition), so neither `dev` nor `build` needs the packages built first.
  resolve: { conditions: ['@oidc-session/source', ...defaultClientConditions] },
  // The dev OP registered client `vue-demo` for exactly http://localhost:5174.
  server: { host: 'localhost', port: 5174, strictPort: true },
  // Two pages: the app, and the front-channel logout page the OP loads in an iframe
  // (/frontchannel-logout is served from frontchannel-logout.html in dev and preview). Every
  // other path gets index.html (appType 'spa'), where Vue Router takes over.
  build: { rollupOptions: { input: ['index.html', 'frontchannel-logout.html'] } },
  preview: { host: 'localhost', port: 5174, strictPort: true },
});
