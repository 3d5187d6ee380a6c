// Where a sync reads from: each configured account's CV CRM tenant, or, in demo mode, a simulator
// started in this process (the one account, principal).
import type { AccountConfig, Config } from '../config.ts';
import type { RunningSimulator } from '../simulator/index.ts';
import type { SyncSource } from '../sync/run-sync.ts';

export interface OpenedSource {
  /** The first account's source (the only one of a single-account installation). */
  readonly source: SyncSource;
  /** The source of each configured account. */
  sourceFor(account: AccountConfig): SyncSource;
  readonly demo: boolean;
  close(): Promise<void>;
}

export async function openSyncSource(config: Config, demoScale = 2000): Promise<OpenedSource> {
  const first = config.accounts[0];
  if (!config.demo && first !== undefined && accountSource(first) !== undefined) {
    const sourceFor = (account: AccountConfig): SyncSource => {
      const source = accountSource(account);
      if (source === undefined) throw new Error(`A conta "${account.name}" não tem endereço, e-mail e token configurados.`);
      return source;
    };
    return { source: sourceFor(first), sourceFor, demo: false, close: async () => undefined };
  }
  // The demo simulator keeps the real API's rule but with a window that makes the demo quick.
  // The simulator (its generator and HTTP routes) is loaded only in demo mode.
  const { DEMO_CREDENTIALS, startSimulator } = await import('../simulator/index.ts');
  const simulator: RunningSimulator = await startSimulator({ port: 0, scale: demoScale, rateLimit: false });
  const source: SyncSource = { baseUrl: simulator.url, email: DEMO_CREDENTIALS.email, token: DEMO_CREDENTIALS.token, requestsPerMinute: 600 };
  return { source, sourceFor: () => source, demo: true, close: () => simulator.stop() };
}

function accountSource(account: AccountConfig): SyncSource | undefined {
  const { baseUrl, email, token, requestsPerMinute } = account;
  // Each account's own budget, for every client of it (sync, check, verify, /health's probe).
  return baseUrl && email && token ? { baseUrl, email, token, requestsPerMinute } : undefined;
}
