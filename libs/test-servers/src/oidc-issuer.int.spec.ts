import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { oidcTestKey, type RunningOidcIssuer, startOidcIssuer } from './oidc-issuer';

describe('the OIDC test issuer', () => {
  let issuer: RunningOidcIssuer;
  afterAll(() => issuer?.stop());

  it('publishes discovery and its keys, issues JWT access tokens with the claims of each client, and rotates its keys', async () => {
    const first = await oidcTestKey('key-1');
    issuer = await startOidcIssuer({
      clients: [{ clientId: 'marie', claims: { catalyse_role: 'partner', catalyse_org: 'flda' } }],
      resources: ['urn:catalyse:api'],
      keys: [first],
      signingKid: 'key-1',
    });
    const discovery = (await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(discovery.issuer).toBe(issuer.issuer);
    const keys = createRemoteJWKSet(new URL(discovery.jwks_uri), { cooldownDuration: 0 });
    const token = await issuer.token('marie');
    const { payload, protectedHeader } = await jwtVerify(token, keys, { issuer: issuer.issuer, audience: 'urn:catalyse:api' });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: 'key-1' });
    expect(payload).toMatchObject({ sub: 'marie', catalyse_role: 'partner', catalyse_org: 'flda' });

    await issuer.rotate([await oidcTestKey('key-2'), first], 'key-2');
    expect(decodeProtectedHeader(await issuer.token('marie')).kid).toBe('key-2');
  });
});
