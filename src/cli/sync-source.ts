// Where a sync reads from: the configured CV CRM tenant, or, in demo mode, a simulator started
// in this process.
import type { Config } from '../config.ts';
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../simulator/index.ts';
import type { SyncSource } from '../sync/run-sync.ts';

export interface OpenedSource {
  readonly source: SyncSource;
  readonly demo: boolean;
  close(): Promise<void>;
}

export async function openSyncSource(config: Config, demoScale = 2000): Promise<OpenedSource> {
  if (!config.demo && config.cvcrm.baseUrl && config.cvcrm.email && config.cvcrm.token) {
    return {
      source: { baseUrl: config.cvcrm.baseUrl, email: config.cvcrm.email, token: config.cvcrm.token },
      demo: false,
      close: async () => undefined,
    };
  }
  // The demo simulator keeps the real API's rule but with a window that makes the demo quick.
  const simulator: RunningSimulator = await startSimulator({ port: 0, scale: demoScale, rateLimit: false });
  return {
    source: { baseUrl: simulator.url, email: DEMO_CREDENTIALS.email, token: DEMO_CREDENTIALS.token, requestsPerMinute: 600 },
    demo: true,
    close: () => simulator.stop(),
  };
}
