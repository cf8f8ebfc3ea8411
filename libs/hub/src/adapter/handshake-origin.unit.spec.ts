import { sameSiteOrAllowed } from './hub-io.adapter';

describe('who may open a socket from a browser page (Origin at the handshake)', () => {
  const allowed = new Set(['https://console.example.org']);

  it('lets in clients without an Origin (servers, scripts), the hub’s own host, and the allowed origins', () => {
    expect(sameSiteOrAllowed({ host: 'hub.example.org' }, allowed)).toBe(true);
    expect(sameSiteOrAllowed({ origin: 'https://catalyse.example.org', host: 'catalyse.example.org' }, allowed)).toBe(true);
    // Behind nginx, `Host` loses the port the page was served on.
    expect(sameSiteOrAllowed({ origin: 'http://127.0.0.1:8080', host: '127.0.0.1' }, allowed)).toBe(true);
    expect(sameSiteOrAllowed({ origin: 'https://catalyse.example.org', host: 'hub:3000', 'x-forwarded-host': 'catalyse.example.org' }, allowed)).toBe(true);
    expect(sameSiteOrAllowed({ origin: 'https://console.example.org', host: 'hub.example.org' }, allowed)).toBe(true);
  });

  it('refuses pages of other sites, and origins that are not URLs', () => {
    expect(sameSiteOrAllowed({ origin: 'https://evil.example.com', host: 'catalyse.example.org' }, allowed)).toBe(false);
    expect(sameSiteOrAllowed({ origin: 'https://catalyse.example.org.evil.com', host: 'catalyse.example.org' }, allowed)).toBe(false);
    expect(sameSiteOrAllowed({ origin: 'null', host: 'catalyse.example.org' }, allowed)).toBe(false);
    expect(sameSiteOrAllowed({ origin: 'https://evil.example.com', host: 'catalyse.example.org' }, new Set())).toBe(false);
  });
});
