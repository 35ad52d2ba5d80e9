// The dev OP moved into the published package @oidc-session/testing (subpath `/dev-op`); this
// workspace package keeps its old name and paths working for the demos, the e2e suite and the bench.
export * from '@oidc-session/testing/dev-op';
