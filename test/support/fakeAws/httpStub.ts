/** A local HTTP stub on 127.0.0.1 that answers AWS API calls, so the SDK's real serialization and retries run. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /**
   * `Action` of query-protocol calls (Redshift, EC2, STS), the operation of `X-Amz-Target` JSON calls, or that of
   * a REST-JSON call known by its method and path (REST_OPERATIONS); else the method and path.
   */
  readonly operation: string;
  /** Form fields of a query-protocol call. */
  readonly params: URLSearchParams;
}

export interface StubResponse {
  readonly status?: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

export type StubHandler = (request: StubRequest) => StubResponse | Promise<StubResponse>;

export interface HttpStub {
  readonly url: string;
  readonly requests: StubRequest[];
  /** Requests the client gave up on (closed the connection) before the stub answered. */
  readonly aborted: () => number;
  close(): Promise<void>;
}

/** REST-JSON operations (Security Hub), by method and path (without the query). */
const REST_OPERATIONS: Readonly<Record<string, string>> = {
  'POST /findings': 'GetFindings',
  'PATCH /findings/batchupdate': 'BatchUpdateFindings',
};

/** The operation a request calls, by its protocol (see StubRequest.operation). */
export const operationOf = (
  method: string,
  path: string,
  headers: IncomingMessage['headers'],
  params: URLSearchParams,
): string => {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const action = params.get('Action');
  if (action) return action;
  const route = `${method} ${path.split('?')[0]}`;
  return REST_OPERATIONS[route] ?? route;
};

/** How a stub keeps what it was asked. */
export interface HttpStubOptions {
  /** Keep every request in `requests` (the default); the benchmark's endpoint, which answers thousands, does not. */
  readonly record?: boolean;
}

/** Start a stub on an ephemeral port of 127.0.0.1 (never another interface). */
export const startHttpStub = async (handler: StubHandler, options: HttpStubOptions = {}): Promise<HttpStub> => {
  const requests: StubRequest[] = [];
  let aborted = 0;
  const server: Server = createServer((req, res) => {
    res.on('close', () => {
      if (!res.writableFinished) aborted += 1;
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const params = new URLSearchParams(body);
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const request: StubRequest = {
        method,
        path,
        headers: req.headers,
        body,
        operation: operationOf(method, path, req.headers, params),
        params,
      };
      if (options.record !== false) requests.push(request);
      try {
        const answer = await handler(request);
        res.writeHead(answer.status ?? 200, { 'content-type': 'text/xml', ...answer.headers });
        res.end(answer.body);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    aborted: () => aborted,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        // Requests a test left hanging (to exercise deadlines) must not keep the server open.
        server.closeAllConnections();
      }),
  };
};

/** Start stubs inside the enclosing `describe`; every one a test started is closed after it. */
export const useHttpStub = (): ((handler: StubHandler) => Promise<HttpStub>) => {
  const started: HttpStub[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((stub) => stub.close()));
  });
  return async (handler) => {
    const stub = await startHttpStub(handler);
    started.push(stub);
    return stub;
  };
};

/**
 * Like useHttpStub, and each stub started is where the SDK sends every call (`AWS_ENDPOINT_URL`) until the test
 * ends: build the client after starting it.
 */
export const useStubbedEndpoint = (): ((handler: StubHandler) => Promise<HttpStub>) => {
  const startStub = useHttpStub();
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL;
  });
  return async (handler) => {
    const stub = await startStub(handler);
    process.env.AWS_ENDPOINT_URL = stub.url;
    return stub;
  };
};
