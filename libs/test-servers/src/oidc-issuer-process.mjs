// A real OpenID Connect issuer for tests (oidc-provider), run by `startOidcIssuer` (oidc-issuer.ts)
// as a child process: oidc-provider is ESM-only, and a child keeps it out of jest's module system.
// Serves discovery, its JWKS and the token endpoint on 127.0.0.1:PORT. Clients use the
// client_credentials grant with a resource indicator and get a JWT access token (RS256) whose
// `sub` is their client id, with the claims the parent gave for them. A message from the parent
// `{keys, signingKid}` rotates the keys without stopping the server (as an issuer rotates them).
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT);
const issuer = `http://127.0.0.1:${port}`;
/** @type {{client_id: string, client_secret: string, claims: Record<string, unknown>, ttl?: number}[]} */
const clients = JSON.parse(process.env.OIDC_TEST_CLIENTS ?? '[]');
/** Resource indicators the issuer knows: each becomes the `aud` of the tokens asked for it. */
const resources = JSON.parse(process.env.OIDC_TEST_RESOURCES ?? '[]');

function provider(keys, signingKid) {
  const instance = new Provider(issuer, {
    clients: clients.map(({ client_id, client_secret }) => ({
      client_id,
      client_secret,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_post',
      scope: 'api',
    })),
    jwks: { keys },
    scopes: ['api'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resources[0],
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource, client) => {
          if (!resources.includes(resource)) throw new Error(`unknown resource ${resource}`);
          const ttl = clients.find((c) => c.client_id === client.clientId)?.ttl ?? 300;
          return { scope: 'api', audience: resource, accessTokenTTL: ttl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256', kid: signingKid } } };
        },
      },
    },
    extraTokenClaims: (ctx) => clients.find((c) => c.client_id === ctx.oidc.client?.clientId)?.claims,
  });
  instance.on('server_error', (_ctx, error) => process.stderr.write(`oidc test issuer: ${error.stack}\n`));
  return instance;
}

let current = provider(JSON.parse(process.env.OIDC_TEST_KEYS ?? '[]'), process.env.OIDC_TEST_SIGNING_KID).callback();
const server = createServer((request, response) => current(request, response));
process.on('message', (message) => {
  current = provider(message.keys, message.signingKid).callback();
  process.send?.({ rotated: message.signingKid });
});
process.on('disconnect', () => process.exit(0));
server.listen(port, '127.0.0.1', () => process.send?.({ listening: issuer }));
