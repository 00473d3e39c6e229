import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface CapturedRequest {
  method: string;
  /** Path and query, e.g. /bot123:abc/sendMessage. */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Raw body exactly as received (what a signature covers). */
  body: string;
  json<T = unknown>(): T;
}

/** What the server answers; `hang` never answers (for timeout tests: the socket is destroyed at close). */
export type CaptureReply = { status: number; body?: string; headers?: Record<string, string> } | { hang: true };

export interface HttpCaptureServer {
  /** http://127.0.0.1:<port> */
  url: string;
  requests: CapturedRequest[];
  /** Replies used in order, one per request; once used up, every request gets `fallback`. */
  reply(...replies: CaptureReply[]): void;
  reset(): void;
  close(): Promise<void>;
}

/** A loopback HTTP server that records every request and answers from a script (default 200 "ok"). */
export async function startHttpCapture(fallback: CaptureReply = { status: 200, body: 'ok' }): Promise<HttpCaptureServer> {
  const requests: CapturedRequest[] = [];
  let script: CaptureReply[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json: () => JSON.parse(body) });
      const next = script.shift() ?? fallback;
      if ('hang' in next) return;
      res.writeHead(next.status, { 'content-type': 'text/plain', ...next.headers });
      res.end(next.body ?? '');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => void (script = replies),
    reset: () => {
      requests.length = 0;
      script = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
