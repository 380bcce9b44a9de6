import { clientAddress } from './rate-limit';

const request = (peer: string, forwarded?: string) => ({ socket: { remoteAddress: peer }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as never;

describe('the rate limit tracks the client address', () => {
  it('without trusted proxies X-Forwarded-For is ignored: a client cannot pick its own count', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), 0)).toBe('203.0.113.9');
  });

  it('behind one trusted proxy the client is the address that proxy appended, not one the client forged', () => {
    expect(clientAddress(request('10.0.0.2', '198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2', '1.2.3.4, 198.51.100.7'), 1)).toBe('198.51.100.7');
  });

  it('IPv4-mapped IPv6 peers count as their IPv4 address', () => {
    expect(clientAddress(request('::ffff:203.0.113.9'), 0)).toBe('203.0.113.9');
  });

  it('a malformed forwarded entry falls back to the peer', () => {
    expect(clientAddress(request('10.0.0.2', 'not-an-ip'), 1)).toBe('10.0.0.2');
  });
});
