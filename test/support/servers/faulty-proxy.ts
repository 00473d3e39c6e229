import net from 'node:net';

export interface FaultyProxy {
  host: string;
  port: number;
  /** Whether the fault has fired (connections were cut). */
  tripped(): boolean;
  stop(): Promise<void>;
}

/**
 * A TCP relay on loopback in front of a test server that cuts every connection (TCP reset) once more than
 * `dropAfterBytes` were sent towards the server (or a chunk matches `dropOn`): "the server dropped the connection
 * mid-upload". Afterwards it refuses new connections, or with `once` relays them (the link came back). Protocol-agnostic, so it serves the S3, SFTP and WebDAV
 * servers alike; for FTP it sits on the control connection (e.g. `dropOn: /^STOR /m`), since passive data
 * connections go straight to the server's own ports.
 */
export async function startFaultyProxy(
  target: { host?: string; port: number },
  dropAfterBytes: number,
  options: { dropOn?: RegExp; /** Cut once, then relay new connections normally: a transient reset. */ once?: boolean } = {},
): Promise<FaultyProxy> {
  const sockets = new Set<net.Socket>();
  let uploaded = 0;
  let down = false;
  let fired = false;
  const cut = (): void => {
    fired = true;
    down = !options.once;
    for (const socket of sockets) socket.resetAndDestroy();
  };
  const server = net.createServer((client) => {
    if (down) return void client.resetAndDestroy();
    const upstream = net.connect(target.port, target.host ?? '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket)).on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      uploaded += chunk.length;
      if (!(options.once && fired) && (uploaded > dropAfterBytes || options.dropOn?.test(chunk.toString('latin1')))) return cut();
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.pipe(client);
    client.on('end', () => upstream.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    tripped: () => fired,
    stop: async () => {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
