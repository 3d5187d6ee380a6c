import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createShutdown, type SignalSource } from '../../src/ops/shutdown.ts';
import { memoryLogger, sleep } from './support.ts';

function fakeSignals(): SignalSource & { emit(signal: NodeJS.Signals): void; count(): number } {
  const emitter = new EventEmitter();
  return {
    on: (signal, listener) => emitter.on(signal, listener),
    off: (signal, listener) => emitter.off(signal, listener),
    emit: (signal) => emitter.emit(signal),
    count: () => emitter.listenerCount('SIGTERM') + emitter.listenerCount('SIGINT'),
  };
}

describe('shutdown', () => {
  it('stops parts in reverse order, then closes the pool, once however many signals arrive', async () => {
    const signals = fakeSignals();
    const order: string[] = [];
    const exits: number[] = [];
    const shutdown = createShutdown({
      logger: memoryLogger().logger,
      signalSource: signals,
      closePool: async () => {
        order.push('pool');
      },
      exit: (code) => exits.push(code),
    });
    shutdown.register('scheduler', async () => {
      await sleep(20);
      order.push('scheduler');
    });
    shutdown.register('web', () => {
      order.push('web');
    });
    signals.emit('SIGTERM');
    expect(await shutdown.done).toBe(0);
    expect(order).toEqual(['web', 'scheduler', 'pool']);
    expect(exits).toEqual([0]);
    expect(signals.count()).toBe(0);
    expect(await shutdown.shutdown('again')).toBe(0);
    expect(order).toHaveLength(3);
  });

  it('leaves exiting to the caller when asked (a failed start-up reports its cause first)', async () => {
    const signals = fakeSignals();
    const exits: number[] = [];
    const order: string[] = [];
    const shutdown = createShutdown({
      logger: memoryLogger().logger,
      signalSource: signals,
      closePool: async () => {
        order.push('pool');
      },
      exit: (code) => exits.push(code),
    });
    shutdown.register('web', () => {
      order.push('web');
    });
    expect(await shutdown.shutdown('start-up failed', { exit: false })).toBe(0);
    expect(order).toEqual(['web', 'pool']);
    expect(exits).toEqual([]);
    expect(signals.count()).toBe(0);
    expect(await shutdown.done).toBe(0);
  });

  it('exits 130 at once on a second signal during the sequence', async () => {
    const signals = fakeSignals();
    const exits: number[] = [];
    const shutdown = createShutdown({ logger: memoryLogger().logger, signalSource: signals, exit: (code) => exits.push(code) });
    shutdown.register('slow', () => sleep(100));
    signals.emit('SIGINT');
    signals.emit('SIGINT');
    expect(exits).toEqual([130]);
    await shutdown.done;
  });

  it('gives up after the timeout, still closes the pool, and reports 1', async () => {
    const signals = fakeSignals();
    let poolClosed = false;
    const shutdown = createShutdown({
      logger: memoryLogger().logger,
      signalSource: signals,
      timeoutMs: 50,
      closePool: async () => {
        poolClosed = true;
      },
    });
    shutdown.register('stuck', () => new Promise(() => undefined));
    const started = Date.now();
    expect(await shutdown.shutdown('test')).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(poolClosed).toBe(true);
  });

  it('reports 1 when a part fails, after stopping the others', async () => {
    const stopped: string[] = [];
    const shutdown = createShutdown({ logger: memoryLogger().logger, signalSource: fakeSignals() });
    shutdown.register('a', () => {
      stopped.push('a');
    });
    shutdown.register('b', () => {
      throw new Error('boom');
    });
    expect(await shutdown.shutdown()).toBe(1);
    expect(stopped).toEqual(['a']);
  });

  describe('in a real process', () => {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'shutdown-child.ts');

    function runChild(args: string[]): Promise<{ code: number | null; stdout: string; ms: number }> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let signalledAt = 0;
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (signalledAt === 0 && stdout.includes('ready')) {
            signalledAt = Date.now();
            child.kill('SIGTERM');
          }
        });
        child.on('error', reject);
        child.on('exit', (code) => resolve({ code, stdout, ms: Date.now() - signalledAt }));
      });
    }

    it('exits 0 promptly on SIGTERM after stopping its parts', async () => {
      const { code, stdout, ms } = await runChild([]);
      expect(code).toBe(0);
      expect(stdout).toContain('worker stopped\npool closed');
      expect(ms).toBeLessThan(3000);
    });

    it('exits 1 when a part hangs past the timeout', async () => {
      const { code, stdout } = await runChild(['--hang']);
      expect(code).toBe(1);
      expect(stdout).toContain('pool closed');
      expect(stdout).not.toContain('worker stopped');
    });
  });
});
