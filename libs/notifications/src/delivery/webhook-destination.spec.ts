import type { LookupAddress } from 'node:dns';
import { checkDestination, isForbiddenAddress, WebhookRefused } from './webhook-destination';

const strict = { allowHttp: false, allowedHosts: [] };

describe('webhook destinations', () => {
  it('loopback, private, CGNAT, link-local, unique-local, unspecified and IPv4-mapped private addresses are forbidden', () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '::', '::1', 'fe80::1', 'fd12::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1']) {
      expect([address, isForbiddenAddress(address)]).toEqual([address, true]);
    }
  });

  it('public addresses are allowed', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34']) {
      expect([address, isForbiddenAddress(address)]).toEqual([address, false]);
    }
  });

  it('plain http is refused outside embedded mode, and accepted in it', async () => {
    await expect(checkDestination('http://93.184.216.34/hook', strict)).rejects.toThrow(WebhookRefused);
    await expect(checkDestination('http://93.184.216.34/hook', { ...strict, allowHttp: true })).resolves.toBeDefined();
  });

  it('a host that resolves to a private address is refused unless listed in WEBHOOK_ALLOWED_HOSTS', async () => {
    await expect(checkDestination('https://localhost/hook', strict)).rejects.toThrow(/resolves to .*WEBHOOK_ALLOWED_HOSTS/);
    await expect(checkDestination('https://localhost/hook', { ...strict, allowedHosts: ['localhost'] })).resolves.toBeDefined();
    await expect(checkDestination('https://[::1]/hook', strict)).rejects.toThrow(WebhookRefused);
  });

  it('the connection resolves the host to the checked addresses only (no second DNS answer to rebind)', async () => {
    const { lookup } = await checkDestination('https://localhost/hook', { ...strict, allowedHosts: ['localhost'] });
    const all = await new Promise<LookupAddress[]>((resolve, reject) => lookup('evil.example', { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses as unknown as LookupAddress[]))));
    expect(all.every((a) => a.address === '127.0.0.1' || a.address === '::1')).toBe(true);
  });

  it('URLs with credentials or that are not URLs are refused', async () => {
    await expect(checkDestination('https://user:pw@93.184.216.34/', strict)).rejects.toThrow(WebhookRefused);
    await expect(checkDestination('not a url', strict)).rejects.toThrow(WebhookRefused);
  });
});
