// A stand-in OP: discovery + JWKS over real HTTP on 127.0.0.1, keys it can rotate, and a mint for
// logout tokens with any defect a test wants.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export const BCL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
export const CLIENT_ID = 'spa-client';

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function createSigningKey(
  alg = 'RS256',
  kid: string = randomUUID(),
): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, jwk };
}

export interface TestOp {
  issuer: string;
  jwksUri: string;
  /** The keys the JWKS endpoint serves (replace to rotate). */
  keys: SigningKey[];
  jwksFetches: number;
  discoveryFetches: number;
  /** Answer 503 to discovery (an OP restarting). */
  discoveryDown: boolean;
  close(): Promise<void>;
}

export async function startTestOp(keys: SigningKey[]): Promise<TestOp> {
  const server: Server = createServer((req, res) => {
    const send = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration') {
      op.discoveryFetches++;
      if (op.discoveryDown) return void res.writeHead(503).end();
      send({ issuer: op.issuer, jwks_uri: op.jwksUri, backchannel_logout_supported: true });
    } else if (req.url === '/jwks') {
      op.jwksFetches++;
      send({ keys: op.keys.map((k) => k.jwk) });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const op: TestOp = {
    issuer: `http://127.0.0.1:${port}`,
    jwksUri: `http://127.0.0.1:${port}/jwks`,
    keys,
    jwksFetches: 0,
    discoveryFetches: 0,
    discoveryDown: false,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return op;
}

export interface MintOptions {
  key: SigningKey;
  issuer: string;
  /** Claims to add or replace; `undefined` removes a claim. */
  claims?: Record<string, unknown>;
  /** Header parameters to add or replace; `undefined` removes one (e.g. typ). */
  header?: Record<string, unknown>;
}

/** A valid logout token unless the overrides break it. */
export async function mintLogoutToken({ key, issuer, claims = {}, header = {} }: MintOptions) {
  const payload = withOverrides(
    {
      iss: issuer,
      aud: CLIENT_ID,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 120,
      jti: randomUUID(),
      sub: 'user-1',
      sid: 'sid-1',
      events: { [BCL_EVENT]: {} },
    },
    claims,
  );
  const protectedHeader = withOverrides({ alg: key.alg, kid: key.kid, typ: 'logout+jwt' }, header);
  return new SignJWT(payload)
    .setProtectedHeader(protectedHeader as { alg: string })
    .sign(key.privateKey);
}

function withOverrides(base: Record<string, unknown>, overrides: Record<string, unknown>) {
  const result = { ...base, ...overrides };
  for (const [name, value] of Object.entries(overrides))
    if (value === undefined) delete result[name];
  return result;
}

export function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
