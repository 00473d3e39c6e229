import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to one request that matches: pass it on, answer 503, cut the connection mid-body, or hang. */
export type Fault = 'pass' | '503' | 'reset' | 'stall';

export interface FaultLog {
  method: string;
  url: string;
  fault: Fault;
}

/**
 * An HTTP proxy in front of the S3 test server that injects faults per request: `plan(request, n)` picks the
 * fault for the n-th request (1-based) that `matches`. A reset cuts the TCP connection (RST) after part of the
 * body arrived; a stall reads the body and never answers, as a wedged server or a black-holed network does.
 */
export async function startHttpFaultProxy(target: { port: number }, plan: (n: number) => Fault, matches: (req: http.IncomingMessage) => boolean) {
  const log: FaultLog[] = [];
  const stalled = new Set<http.ServerResponse>();
  let n = 0;
  const server = http.createServer((req, res) => {
    const fault = matches(req) ? plan(++n) : 'pass';
    log.push({ method: req.method ?? '', url: req.url ?? '', fault });
    if (fault === '503') {
      req.resume();
      req.on('end', () => res.writeHead(503, { 'content-type': 'application/xml' }).end('<Error><Code>SlowDown</Code><Message>Injected 503</Message></Error>'));
      return;
    }
    if (fault === 'reset') {
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > 1024) req.socket.resetAndDestroy();
      });
      req.on('end', () => req.socket.resetAndDestroy());
      return;
    }
    if (fault === 'stall') {
      stalled.add(res);
      req.resume();
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    faults: (kind: Fault) => log.filter((l) => l.fault === kind).length,
    stop: async () => {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
