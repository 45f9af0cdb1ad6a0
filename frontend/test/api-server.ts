import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedRequest = {
  method: string;
  path: string;
  /** The query string's parameters. */
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
};

export type Handler = (request: RecordedRequest) => {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
};

/**
 * A real HTTP server on 127.0.0.1 for tests that exercise the real fetch path: each route
 * ("METHOD /path") answers through its handler, everything is recorded in `requests`.
 */
export async function startApiServer(routes: Record<string, Handler>) {
  const requests: RecordedRequest[] = [];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const handler = routes[`${recorded.method} ${path}`];
      const result = handler
        ? handler(recorded)
        : { status: 404, body: { error: { code: 'not_found', message: 'Not found' } } };
      const headers: Record<string, string> = { ...result.headers };
      let payload = '';
      if (result.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        payload = JSON.stringify(result.body);
      }
      res.writeHead(result.status, headers);
      res.end(payload);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    count: (method: string, path: string) =>
      requests.filter((r) => r.method === method && r.path === path).length,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}

export function apiError(status: number, code: string, message: string, details?: unknown) {
  return { status, body: { error: { code, message, details: details ?? null } } };
}
