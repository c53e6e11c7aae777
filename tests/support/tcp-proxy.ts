import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * forward: a plain TCP relay. refuse: nothing listens (connections are refused) and every open
 * connection is cut. blackhole: connections are accepted and never answered, and the open ones go
 * silent (what a frozen server or a dropped network path looks like from the client).
 */
export type ProxyMode = 'forward' | 'refuse' | 'blackhole';

export interface TcpProxy {
  port: number;
  mode(): ProxyMode;
  /** Switches mode; going back to forward cuts what was black-holed, as a healed path would. */
  set(mode: ProxyMode): Promise<void>;
  /** Connections accepted since start (to see that the client really reconnected). */
  accepted(): number;
  close(): Promise<void>;
}

/** A TCP proxy in front of `target` (host:port) on a free loopback port, for fault tests. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  let accepted = 0;
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  };

  function onConnection(client: Socket) {
    accepted++;
    track(client);
    if (mode === 'blackhole') {
      client.on('data', () => {});
      return;
    }
    const upstream = connect(target.port, target.host);
    track(upstream);
    // Bytes flow only while forwarding; in a black hole they are dropped.
    client.on('data', (d) => mode === 'forward' && upstream.write(d));
    upstream.on('data', (d) => mode === 'forward' && client.write(d));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  async function listen() {
    server = createServer(onConnection);
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as { port: number }).port;
  }

  async function stopListening() {
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  const cutAll = () => {
    for (const s of sockets) s.destroy();
  };

  await listen();
  return {
    get port() {
      return port;
    },
    mode: () => mode,
    accepted: () => accepted,
    async set(next) {
      const previous = mode;
      mode = next;
      if (next === 'refuse') {
        cutAll();
        await stopListening();
      } else if (!server) {
        await listen();
      }
      if (next === 'forward' && previous === 'blackhole') cutAll();
    },
    async close() {
      mode = 'refuse';
      cutAll();
      await stopListening();
    },
  };
}
