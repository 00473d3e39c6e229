import net from 'node:net';

export interface ThrottleProxy {
  host: string;
  port: number;
  /** Bytes relayed in the throttled direction so far. */
  relayed(): number;
  stop(): Promise<void>;
}

/** Slices released per second: small enough that the rate looks steady to the peers. */
const TICKS_PER_SECOND = 20;

/**
 * A TCP relay on loopback that lets at most `bytesPerSecond` through in one direction: 'upload' (towards the
 * server: a slow destination link) or 'download' (towards the client: a slow source). The sending side is
 * paused while more than one tick's worth waits, so the relay holds almost nothing and backpressure reaches
 * the sender, as it would over a slow network.
 */
export async function startThrottleProxy(target: { host?: string; port: number }, bytesPerSecond: number, direction: 'upload' | 'download'): Promise<ThrottleProxy> {
  const sockets = new Set<net.Socket>();
  const perTick = Math.max(1, Math.floor(bytesPerSecond / TICKS_PER_SECOND));
  let relayed = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host ?? '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket)).on('error', () => undefined);
    }
    const [from, to] = direction === 'upload' ? [client, upstream] : [upstream, client];
    const [back, towards] = direction === 'upload' ? [upstream, client] : [client, upstream];
    back.pipe(towards);
    let waiting: Buffer[] = [];
    let ended = false;
    const timer = setInterval(() => {
      let budget = perTick;
      while (budget > 0 && waiting.length > 0) {
        const head = waiting[0]!;
        const slice = head.subarray(0, budget);
        to.write(slice);
        relayed += slice.length;
        budget -= slice.length;
        if (slice.length === head.length) waiting.shift();
        else waiting[0] = head.subarray(slice.length);
      }
      if (waiting.length === 0) {
        if (!ended) return void from.resume();
        clearInterval(timer);
        to.end();
      }
    }, 1000 / TICKS_PER_SECOND);
    from.on('data', (chunk: Buffer) => {
      waiting.push(chunk);
      from.pause();
    });
    from.on('end', () => (ended = true));
    const close = () => {
      clearInterval(timer);
      waiting = [];
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close);
    upstream.on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port: (server.address() as net.AddressInfo).port,
    relayed: () => relayed,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
