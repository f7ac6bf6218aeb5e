import { base32Decode, base32Encode, generateSecret, hotp, totp, verifyTotp } from './totp';
import { isPrivateHost, isPrivateUrl } from './ssrf';
import { SlidingWindowLimiter } from './rate-limit';
import { signJwt, verifyJwt } from './jwt';

describe('sandbox building blocks', () => {
  it('TOTP matches the RFC 6238 SHA1 test vectors', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    for (const [t, code] of [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ] as const) {
      expect(totp(secret, { timeMs: t * 1000, digits: 8 })).toBe(code);
    }
    expect(hotp(Buffer.from('12345678901234567890'), 0, 6)).toBe('755224'); // RFC 4226
  });

  it('base32 round-trips and tolerates case, spaces and padding', () => {
    const s = generateSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(s))).toBe(s);
    expect(base32Decode('jbsw y3dp ehpk 3pxp====')).toEqual(base32Decode('JBSWY3DPEHPK3PXP'));
    expect(() => base32Decode('not*base32')).toThrow();
  });

  it('verifyTotp allows ±1 step and rejects malformed codes', () => {
    const now = 1_700_000_000_000;
    const secret = 'JBSWY3DPEHPK3PXP';
    expect(verifyTotp(secret, totp(secret, { timeMs: now }), { timeMs: now })).toBe(true);
    expect(verifyTotp(secret, totp(secret, { timeMs: now - 30000 }), { timeMs: now })).toBe(true);
    expect(verifyTotp(secret, totp(secret, { timeMs: now + 90000 }), { timeMs: now })).toBe(false);
    expect(verifyTotp(secret, '12345', { timeMs: now })).toBe(false);
    expect(verifyTotp(secret, 'abcdef', { timeMs: now })).toBe(false);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['10.9.8.7', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['169.254.169.254', true],
    ['0.0.0.0', true],
    ['8.8.8.8', false],
    ['localhost', true],
    ['LOCALHOST', true],
    ['n8n.localhost', true],
    ['[::1]', true],
    ['[::]', true],
    ['[fc00::1]', true],
    ['[fdff::1]', true],
    ['[fe80::1]', true],
    ['[::ffff:7f00:1]', true],
    ['[::ffff:808:808]', false],
    ['[2001:db8::1]', false],
    ['n8n.example.com', false],
  ])('SSRF guard: %s private=%s', (host, expected) => {
    expect(isPrivateHost(host)).toBe(expected);
  });

  it('SSRF guard uses the URL parser’s normalisation of IPv4 shorthands', () => {
    expect(isPrivateUrl('http://2130706433/')).toBe(true);
    expect(isPrivateUrl('http://0x7f.0.0.1/')).toBe(true);
    expect(isPrivateUrl('https://example.com/hook')).toBe(false);
  });

  it('sliding-window limiter counts allowed hits only and reports honest reset times', () => {
    let t = 0;
    const l = new SlidingWindowLimiter({ limit: 2, windowMs: 10000, now: () => t });
    expect(l.hit('a')).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 10 });
    t = 4000;
    expect(l.hit('a')).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 6 });
    t = 5500;
    const blocked = l.hit('a');
    expect(blocked).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 5 });
    expect(l.headers(blocked)).toEqual({ RateLimit: 'limit=2, remaining=0, reset=5', 'RateLimit-Policy': '2;w=10', 'Retry-After': '5' });
    expect(l.hit('b').allowed).toBe(true);
    t = 10000;
    expect(l.hit('a')).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 4 });
  });

  it('JWT: signs HS256, rejects tampering, wrong secret, expiry and alg none', () => {
    const tok = signJwt({ sub: 'u', exp: 100 }, 'k');
    expect(verifyJwt(tok, 'k', 99)).toMatchObject({ sub: 'u' });
    expect(verifyJwt(tok, 'k', 100)).toBeNull();
    expect(verifyJwt(tok, 'other', 99)).toBeNull();
    const [, body] = tok.split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    expect(verifyJwt(none, 'k', 0)).toBeNull();
  });
});
