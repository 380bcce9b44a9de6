import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of the test Redis that can be "stopped": it closes its port and cuts every
 * connection, as a Redis outage looks to clients (the shared Redis itself is not ours to stop).
 */
export async function startRedisProxy(target: string) {
  const upstream = new URL(target);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const server = net.connect(Number(upstream.port || 6379), upstream.hostname);
    for (const s of [client, server]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        server.destroy();
      });
    }
    client.pipe(server).pipe(client);
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}${upstream.pathname}`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    resume: () => listen(port),
  };
}
