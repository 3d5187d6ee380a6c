// The simulator in a process of its own, as the real API is on another machine: generating and
// serialising pages does not take CPU from the sync being measured. Driven over IPC by
// sim-process.ts.
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.ts';
import { seededRandom } from './stats.ts';

export type SimCommand =
  | { readonly id: number; readonly op: 'start'; readonly options: SimulatorOptions }
  | { readonly id: number; readonly op: 'count'; readonly resource: string }
  | { readonly id: number; readonly op: 'advance'; readonly ms: number }
  | { readonly id: number; readonly op: 'updateRandom'; readonly resource: string; readonly count: number; readonly seed: number; readonly spreadMs: number }
  | { readonly id: number; readonly op: 'log' }
  | { readonly id: number; readonly op: 'resetLog' }
  | { readonly id: number; readonly op: 'stats' }
  | { readonly id: number; readonly op: 'resetRateLimit' }
  | { readonly id: number; readonly op: 'stop' };

let sim: RunningSimulator | undefined;

async function handle(command: SimCommand): Promise<unknown> {
  switch (command.op) {
    case 'start':
      sim = await startSimulator(command.options);
      return { url: sim.url };
    case 'count':
      return sim!.data.count(command.resource);
    case 'advance':
      sim!.clock.advance(command.ms);
      return sim!.clock.now();
    case 'updateRandom': {
      // Distinct records spread over the whole resource, each changed once.
      const total = sim!.data.count(command.resource);
      const random = seededRandom(command.seed);
      const chosen = new Set<number>();
      while (chosen.size < Math.min(command.count, total)) chosen.add(Math.floor(random() * total));
      const keys: string[] = [];
      const ordered = [...chosen].sort((a, b) => a - b);
      // The key of the i-th record: reservas are keyed by idreserva from a known base, but a
      // generic lookup through a snapshot would be too heavy at scale, so read them page-wise.
      const data = (sim!.data as unknown as { resource(name: string): { select(f: object): { rows(o: number, l: number): Record<string, unknown>[] } } }).resource(command.resource);
      const selection = data.select({});
      for (const index of ordered) keys.push(String(selection.rows(index, 1)[0]!.referencia));
      // Changes spread over time, one a second, as people make them (a same-second batch larger
      // than a page is read as a tie, page by page).
      for (const key of keys) {
        sim!.clock.advance(command.spreadMs);
        sim!.data.update(command.resource, key, { observacoes: `alterada ${command.seed}` });
      }
      return keys.length;
    }
    case 'log':
      return sim!.requests.log.map((e) => [e.at, e.path, e.status, e.fault ?? '']);
    case 'resetLog':
      sim!.requests.reset();
      return null;
    case 'stats':
      return { requests: sim!.requests.count(), status429: sim!.requests.count({ status: 429 }) };
    case 'resetRateLimit':
      sim!.resetRateLimit();
      return null;
    case 'stop':
      await sim?.stop();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (command: SimCommand) => {
  handle(command).then(
    (result) => process.send!({ id: command.id, ok: true, result }),
    (error: unknown) => process.send!({ id: command.id, ok: false, error: String(error) }),
  );
});
process.send!({ ready: true });
