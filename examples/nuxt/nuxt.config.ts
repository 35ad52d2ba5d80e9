// The OP and client id are runtime config: NUXT_PUBLIC_OIDC_AUTHORITY and
// NUXT_PUBLIC_OIDC_CLIENT_ID override them when the server starts.
export default defineNuxtConfig({
  compatibilityDate: '2025-07-15',
  devtools: { enabled: false },
  telemetry: false,
  typescript: { strict: true },
  runtimeConfig: {
    public: {
      oidcAuthority: 'http://localhost:4011',
      oidcClientId: 'nuxt-example',
    },
  },
});
