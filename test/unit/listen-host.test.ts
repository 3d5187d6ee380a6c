import { describe, expect, it } from 'vitest';
import { listenHost } from '../../src/cli/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/ops/logger.ts';
import { Writable } from 'node:stream';

const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('where the web server listens', () => {
  it('stays on 127.0.0.1 when open (no login, no token) outside production, whatever HOST says', () => {
    expect(listenHost(loadConfig({ HOST: '0.0.0.0' }), quiet)).toBe('127.0.0.1');
    expect(listenHost(loadConfig({}), quiet)).toBe('127.0.0.1');
  });

  it('honours HOST once access is controlled, and in production', () => {
    expect(listenHost(loadConfig({ HOST: '0.0.0.0', API_TOKENS: 'token-de-bi-0123456789' }), quiet)).toBe('0.0.0.0');
    expect(listenHost(loadConfig({ NODE_ENV: 'production', DASHBOARD_USER: 'diretoria', DASHBOARD_PASSWORD: 'senha-forte-123' }), quiet)).toBe('0.0.0.0');
  });
});
