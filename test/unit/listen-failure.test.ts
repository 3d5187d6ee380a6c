import { describe, expect, it } from 'vitest';
import { listenFailureSentence } from '../../src/web/server.ts';

describe('why the web server could not listen', () => {
  it('names PORT and the address for a port in use or forbidden', () => {
    expect(listenFailureSentence('EADDRINUSE', '0.0.0.0', 8080)).toMatch(/^PORT: a porta 8080 já está em uso em 127\.0\.0\.1:8080/);
    expect(listenFailureSentence('EACCES', '127.0.0.1', 80)).toMatch(/^PORT: sem permissão .*porta 80/);
  });

  it('names HOST for a name that does not resolve or an address not on this machine', () => {
    expect(listenFailureSentence('ENOTFOUND', 'nao-existe.invalid', 5000)).toMatch(/^HOST: o endereço "nao-existe\.invalid" não foi encontrado/);
    expect(listenFailureSentence('EAI_AGAIN', 'dns-fora.example', 5000)).toMatch(/^HOST: /);
    expect(listenFailureSentence('EADDRNOTAVAIL', '10.9.9.9', 5000)).toMatch(/^HOST: o endereço 10\.9\.9\.9 não pertence a esta máquina/);
  });

  it('has no sentence for an error it does not know', () => {
    expect(listenFailureSentence('EPIPE', '127.0.0.1', 5000)).toBeUndefined();
    expect(listenFailureSentence(undefined, '127.0.0.1', 5000)).toBeUndefined();
  });
});
