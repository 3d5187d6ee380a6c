// Binds the application to a host and port with @hono/node-server (port 0 picks a free one).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { KnownError } from '../util/known-error.ts';

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
      const sentence = listenFailureSentence(error.code, options.host, options.port);
      reject(sentence === undefined ? error : new KnownError(sentence, { cause: error }));
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

/** Why the server could not listen, naming PORT or HOST and the address; undefined for a bug. */
export function listenFailureSentence(code: string | undefined, host: string, port: number): string | undefined {
  const address = `${displayHost(host)}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `PORT: a porta ${port} já está em uso em ${address}; encerre o outro processo ou escolha outra porta em PORT.`;
    case 'EACCES':
      return `PORT: sem permissão para escutar na porta ${port} (${address}); use uma porta acima de 1024 em PORT.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `HOST: o endereço "${host}" não foi encontrado (DNS); use um nome ou IP desta máquina, ou 0.0.0.0 para todas as interfaces.`;
    case 'EADDRNOTAVAIL':
      return `HOST: o endereço ${host} não pertence a esta máquina; use um IP local, ou 0.0.0.0 para todas as interfaces.`;
    default:
      return undefined;
  }
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
