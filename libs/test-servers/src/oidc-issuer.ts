import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { freePort } from './free-port';

/** A client of the test issuer: its `client_id` is the subject of its tokens, `claims` are added to them. */
export interface OidcTestClient {
  readonly clientId: string;
  readonly claims: Readonly<Record<string, unknown>>;
  /** Lifetime of its access tokens in seconds (300 by default). */
  readonly ttl?: number;
}

/** A private signing key of the issuer, as a JWK with its `kid`. */
export type OidcTestKey = JWK & { readonly kid: string };

export interface RunningOidcIssuer {
  /** `http://127.0.0.1:<port>`: what its tokens carry in `iss`. */
  readonly issuer: string;
  /** An access token (JWT) for `clientId`, for `resource` (its `aud`; the first resource by default). */
  token(clientId: string, resource?: string): Promise<string>;
  /** Publishes `keys` as the JWKS and signs with `signingKid` from now on, without stopping. */
  rotate(keys: readonly OidcTestKey[], signingKid: string): Promise<void>;
  stop(): Promise<void>;
}

/** The issuer's script, beside this file in the sources (tests run from them; the build copies no .mjs). */
const SCRIPT =
  [join(__dirname, 'oidc-issuer-process.mjs'), resolve(__dirname, '..', '..', '..', '..', 'libs', 'test-servers', 'src', 'oidc-issuer-process.mjs')].find(
    (file) => existsSync(file),
  ) ?? join(__dirname, 'oidc-issuer-process.mjs');

/** A fresh RS256 key pair as a private JWK named `kid`. */
export async function oidcTestKey(kid: string): Promise<OidcTestKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

/**
 * A real OpenID Connect issuer (`oidc-provider`) on a free loopback port, in a
 * child process: discovery, JWKS, and client_credentials access tokens as JWTs
 * with the claims of each client.
 */
export async function startOidcIssuer(options: {
  readonly clients: readonly OidcTestClient[];
  readonly resources: readonly string[];
  readonly keys: readonly OidcTestKey[];
  readonly signingKid: string;
}): Promise<RunningOidcIssuer> {
  const port = await freePort();
  const secretOf = (clientId: string) => `secret-of-${clientId}-for-tests-only`;
  const child: ChildProcess = fork(SCRIPT, [], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      OIDC_TEST_PORT: String(port),
      OIDC_TEST_CLIENTS: JSON.stringify(
        options.clients.map((c) => ({ client_id: c.clientId, client_secret: secretOf(c.clientId), claims: c.claims, ttl: c.ttl })),
      ),
      OIDC_TEST_RESOURCES: JSON.stringify(options.resources),
      OIDC_TEST_KEYS: JSON.stringify(options.keys),
      OIDC_TEST_SIGNING_KID: options.signingKid,
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  // oidc-provider warns of its in-memory adapter and of Node 20 on every start: only real errors are shown.
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = chunk
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('oidc-provider WARNING'));
    if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the OIDC test issuer stopped (exit ${code})`)));
    child.once('message', (message: { listening?: string }) => (message.listening ? resolve(message.listening) : reject(new Error('unexpected message'))));
  });
  return {
    issuer,
    async token(clientId, resource = options.resources[0]) {
      const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secretOf(clientId), scope: 'api' });
      if (resource) body.set('resource', resource);
      const response = await fetch(`${issuer}/token`, { method: 'POST', body });
      const answer = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!response.ok || !answer.access_token) throw new Error(`token for ${clientId}: ${response.status} ${answer.error}: ${answer.error_description}`);
      return answer.access_token;
    },
    async rotate(keys, signingKid) {
      const rotated = new Promise<void>((resolve) => child.once('message', () => resolve()));
      child.send({ keys, signingKid });
      await rotated;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
