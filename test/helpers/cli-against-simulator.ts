// What a test of the real `cvcrm-etl` command needs: a simulator with no rate limit, a throw-away
// PostgreSQL database, and the environment that points the command at both.
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../src/simulator/index.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export interface CliAgainstSimulator {
  readonly sim: RunningSimulator;
  readonly target: TestDatabase;
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

export async function cliAgainstSimulator(
  world: { scale: number; seed: number }, extraEnv: Record<string, string> = {},
): Promise<CliAgainstSimulator> {
  const sim = await startSimulator({ ...world, today: '2026-11-20', rateLimit: false });
  const target = await createTestDatabase('postgres');
  const env = {
    DATABASE_URL: target.url!,
    CVCRM_API_EMAIL: DEMO_CREDENTIALS.email,
    CVCRM_API_TOKEN: DEMO_CREDENTIALS.token,
    CVCRM_BASE_URL: sim.url,
    CVCRM_REQUESTS_PER_MINUTE: '6000',
    ...extraEnv,
  };
  return {
    sim, target, env,
    async stop() {
      await target.dispose();
      await sim.stop();
    },
  };
}
