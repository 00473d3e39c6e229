import net from 'node:net';

export interface FtpDataFaultProxy {
  port: number;
  /** Data connections that were cut. */
  resets(): number;
  stop(): Promise<void>;
}

/**
 * A relay in front of a plain-FTP test server that puts itself in the path of the passive data connections too:
 * it rewrites the server's PASV (227) and EPSV (229) replies to ports of its own, relays each data connection to
 * the server's passive port, and resets (TCP RST, both sides) any data connection once more than `dropAfterBytes`
 * went towards the server: "the network dropped the transfer mid-upload" while the control connection stays up.
 */
export async function startFtpDataFaultProxy(target: { port: number }, dropAfterBytes: number): Promise<FtpDataFaultProxy> {
  const sockets = new Set<net.Socket>();
  const relays = new Set<net.Server>();
  let resets = 0;
  const track = (...pair: net.Socket[]): void => {
    for (const socket of pair) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket)).on('error', () => undefined);
    }
  };

  /** A one-shot listener that relays one data connection to the server's passive port, cutting it mid-upload. */
  async function dataRelay(serverPort: number): Promise<number> {
    const relay = net.createServer((client) => {
      relay.close();
      const upstream = net.connect(serverPort, '127.0.0.1');
      track(client, upstream);
      let sent = 0;
      client.on('data', (chunk: Buffer) => {
        sent += chunk.length;
        if (sent > dropAfterBytes) {
          resets++;
          client.resetAndDestroy();
          upstream.resetAndDestroy();
          return;
        }
        if (!upstream.write(chunk)) client.pause();
      });
      upstream.on('drain', () => client.resume());
      upstream.pipe(client);
      client.on('end', () => upstream.end());
    });
    relays.add(relay);
    relay.on('close', () => relays.delete(relay));
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    return (relay.address() as net.AddressInfo).port;
  }

  /** The control connection, line by line from the server so passive replies can be rewritten. */
  const control = net.createServer((client) => {
    const upstream = net.connect(target.port, '127.0.0.1');
    track(client, upstream);
    client.pipe(upstream);
    let pending = '';
    let queue = Promise.resolve();
    upstream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      const lines = pending.split('\r\n');
      pending = lines.pop()!;
      queue = queue.then(async () => {
        for (const line of lines) client.write(`${await rewrite(line)}\r\n`, 'latin1');
      });
    });
    upstream.on('end', () => void queue.then(() => client.end()));
  });

  async function rewrite(line: string): Promise<string> {
    const pasv = /^227 .*\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(line);
    if (pasv) {
      const port = await dataRelay(Number(pasv[5]) * 256 + Number(pasv[6]));
      return `227 Entering Passive Mode (127,0,0,1,${port >> 8},${port & 255})`;
    }
    const epsv = /^229 .*\(\|\|\|(\d+)\|\)/.exec(line);
    if (epsv) return `229 Entering Extended Passive Mode (|||${await dataRelay(Number(epsv[1]))}|)`;
    return line;
  }

  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  return {
    port: (control.address() as net.AddressInfo).port,
    resets: () => resets,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      for (const relay of relays) relay.close();
      await new Promise<void>((resolve) => control.close(() => resolve()));
    },
  };
}
