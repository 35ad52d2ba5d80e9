// The subjects the bench compares, each a page of the bench build served on its own origin, and a
// client of its own at the bench OP.

export const OP_ORIGIN = 'http://localhost:4051';
/** Back-channel logout tokens go here (the bench server answers 200 and ignores them). */
export const SINK_ORIGIN = 'http://localhost:5199';

/**
 * `peer`: the subject ours is compared with in the headline (ratio = ours / peer).
 * `trials`: takes part in the detection trials (the Angular pages and the baseline do not).
 */
export const SUBJECTS = [
  { name: 'ours-react', port: 5191, label: '@oidc-session/react', ours: true, trials: true },
  { name: 'oidc-client-ts', port: 5192, label: 'oidc-client-ts monitorSession', trials: true },
  { name: 'react-oidc-context', port: 5193, label: 'react-oidc-context useAuth', trials: true },
  { name: 'none', port: 5194, label: 'no monitoring (baseline)', polls: false },
  { name: 'ours-angular', port: 5195, label: '@oidc-session/angular (zone.js)', ours: true },
  {
    name: 'oidc-client-ts-angular',
    port: 5196,
    label: 'oidc-client-ts monitorSession in Angular (zone.js)',
  },
].map((s) => ({ ...s, origin: `http://localhost:${s.port}`, clientId: `bench-${s.name}` }));

export const subject = (name) => {
  const found = SUBJECTS.find((s) => s.name === name);
  if (!found) throw new Error(`no subject ${name}`);
  return found;
};
