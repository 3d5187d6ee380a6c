// One shutdown path for every long-lived command. SIGTERM (Railway, Docker, systemd) and SIGINT
// (Ctrl-C) both lead here, any number of times, and it runs once: the registered parts stop in
// reverse order of registration (the scheduler and the web server before the alerts and the
// source they use), within a time limit, then the pool closes.
import type { Logger } from './logger.ts';
import { scrubSentence } from '../util/scrub.ts';

export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface ShutdownOptions {
  readonly logger: Logger;
  /** The whole stop sequence must end within this; default 25 s (Railway's drain is 30 s). */
  readonly timeoutMs?: number;
  /** Closing the database pool, the very last step (given its own few seconds). */
  readonly closePool?: () => Promise<void>;
  readonly signals?: readonly NodeJS.Signals[];
  /** Default: `process`. */
  readonly signalSource?: SignalSource;
  /**
   * Called with the exit code when the sequence ends, and with 130 on a second signal while it
   * runs (the user insists). The CLI passes `process.exit`; tests leave it out.
   */
  readonly exit?: (code: number) => void;
}

export interface Shutdown {
  /** Adds a part to stop; parts stop in reverse order of registration. */
  register(name: string, stop: () => Promise<unknown> | unknown): void;
  /**
   * Starts the sequence (idempotent); resolves 0 when all stopped in time, 1 otherwise.
   * `exit: false` leaves exiting to the caller: a start-up failure reports its cause first, and
   * exits non-zero whatever the stop sequence resolved.
   */
  shutdown(reason?: string, options?: { readonly exit?: boolean }): Promise<number>;
  /** Resolves with the exit code once a shutdown, from a signal or a call, has ended. */
  readonly done: Promise<number>;
  /** Removes the signal listeners (tests, or a command that ends by itself). */
  dispose(): void;
}

const POOL_CLOSE_MS = 5_000;

export function createShutdown(options: ShutdownOptions): Shutdown {
  const timeoutMs = options.timeoutMs ?? 25_000;
  const source = options.signalSource ?? process;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const log = options.logger.child({ component: 'shutdown' });
  const parts: { name: string; stop: () => Promise<unknown> | unknown }[] = [];
  let running: Promise<number> | undefined;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve;
  });

  const sequence = async (reason: string): Promise<number> => {
    log.info({ reason, parts: parts.length, timeoutMs }, 'shutting down');
    let failed = false;
    const stopAll = async () => {
      for (const part of [...parts].reverse()) {
        try {
          await part.stop();
          log.debug({ part: part.name }, 'stopped');
        } catch (error) {
          failed = true;
          log.error({ part: part.name, error: scrubSentence(error) }, 'failed to stop cleanly');
        }
      }
    };
    const inTime = await withTimeout(stopAll(), timeoutMs);
    if (!inTime) log.error({ timeoutMs }, 'parts did not stop in time; closing anyway');
    if (options.closePool) {
      const closed = await withTimeout(options.closePool().catch((error: unknown) => {
        failed = true;
        log.error({ error: scrubSentence(error) }, 'failed to close the database pool');
      }), POOL_CLOSE_MS);
      if (!closed) {
        failed = true;
        log.error('the database pool did not close in time');
      }
    }
    const code = inTime && !failed ? 0 : 1;
    log.info({ code }, 'shut down');
    return code;
  };

  const shutdown = (reason = 'requested', how: { readonly exit?: boolean } = {}): Promise<number> => {
    running ??= sequence(reason).then((code) => {
      detach();
      resolveDone(code);
      if (how.exit !== false) options.exit?.(code);
      return code;
    });
    return running;
  };

  const onSignal = (signal: NodeJS.Signals) => () => {
    if (running !== undefined) {
      log.warn({ signal }, 'second signal while shutting down: exiting now');
      options.exit?.(130);
      return;
    }
    void shutdown(signal);
  };
  const listeners = signals.map((signal) => ({ signal, listener: onSignal(signal) }));
  for (const { signal, listener } of listeners) source.on(signal, listener);
  let attached = true;
  const detach = () => {
    if (!attached) return;
    attached = false;
    for (const { signal, listener } of listeners) source.off(signal, listener);
  };

  return {
    register(name, stop) {
      parts.push({ name, stop });
    },
    shutdown,
    done,
    dispose: detach,
  };
}

/** True when `work` settled within `ms`; the timer never holds the process open. */
async function withTimeout(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
