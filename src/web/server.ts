// Binds the application to a host and port with @hono/node-server (port 0 picks a free one).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningWebServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Hono environment
export function startWebServer(app: Hono<any>, options: { host: string; port: number }): Promise<RunningWebServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }) as Server;
    const onError = (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? `port ${options.port} is already in use`
        : error.code === 'EACCES' ? `no permission to listen on port ${options.port}`
        : error.message;
      reject(new Error(`Cannot start the web server on ${options.host}:${options.port}: ${reason}.`));
    };
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      const { port } = server.address() as AddressInfo;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${displayHost(options.host)}:${port}`,
        port,
        close() {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            // Requests still running after a grace period are cut so shutdown cannot hang.
            setTimeout(() => server.closeAllConnections(), 5_000).unref();
          });
          return closing;
        },
      });
    });
  });
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
