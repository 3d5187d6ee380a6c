import { parseNaive } from '../../simulator/naive-time.ts';
import { DEFAULT_SCALE, DEFAULT_SEED, DEMO_CREDENTIALS, startSimulator, type Credential, type RunningSimulator } from '../../simulator/index.ts';
import { UsageError, UserError, type Command, type CommandContext } from '../command.ts';
import { intFlag, parseFlags } from '../parse-flags.ts';

const DEFAULT_PORT = 4010;

const HELP = `Uso: cvcrm-etl simulator [--port N] [--seed N] [--scale N] [--limit N] [--window S]
                         [--lockout S] [--today AAAA-MM-DD] [--retry-after]

Roda um servidor falso do data warehouse do CV CRM (CVDW) em 127.0.0.1, com dados pt-BR
determinísticos: os mesmos caminhos, cabeçalhos, paginação, ordenação, filtros de data, erros,
limite de requisições e peculiaridades dos dados da API real. Pare com Ctrl-C.

  --port N         porta em que escuta (padrão ${DEFAULT_PORT}; 0 escolhe uma livre)
  --seed N         semente dos dados (padrão ${DEFAULT_SEED}); mesma semente, escala e dia dão os mesmos dados
  --scale N        número de reservas (padrão ${DEFAULT_SCALE}; até 10.000.000); cada uma vem com
                   seu funil: 12 leads, 3 visitas, 5 perdas, 1 reconquista, 14 linhas de
                   histórico e 2 pré-cadastros
  --limit N        requisições por janela por credencial antes do 429 (padrão 20)
  --window S       janela do limite, em segundos (padrão 60)
  --lockout S      segundos de 429 depois de passar do limite (padrão 60)
  --today DIA      faz as datas geradas terminarem neste dia (padrão: hoje no Brasil)
  --retry-after    envia o cabeçalho Retry-After com cada 429 (a API real, ao que se sabe, não envia)

Credenciais: CVCRM_API_EMAIL e CVCRM_API_TOKEN quando as duas estão definidas; senão, uma
credencial fixa de demonstração, impressa ao iniciar. Aponte o produto para ele com
CVCRM_BASE_URL=http://127.0.0.1:PORTA. Mudanças e falhas podem ser ligadas com ele rodando, por
POST /__control/… (só de 127.0.0.1).`;

/** Runs the simulator until `until` aborts; the command wires it to SIGINT and SIGTERM. */
export async function runSimulatorCommand(args: readonly string[], ctx: CommandContext, until: AbortSignal): Promise<number> {
  const { values } = parseFlags(args, {
    port: { type: 'string' },
    seed: { type: 'string' },
    scale: { type: 'string' },
    limit: { type: 'string' },
    window: { type: 'string' },
    lockout: { type: 'string' },
    today: { type: 'string' },
    'retry-after': { type: 'boolean' },
  });
  const port = intFlag(values.port, '--port', DEFAULT_PORT, 0, 65_535);
  const seed = intFlag(values.seed, '--seed', DEFAULT_SEED, 0, 2 ** 32 - 1);
  const scale = intFlag(values.scale, '--scale', DEFAULT_SCALE, 1, 10_000_000);
  const limit = intFlag(values.limit, '--limit', 20, 1, 1_000_000);
  const windowSeconds = intFlag(values.window, '--window', 60, 1, 86_400);
  const lockoutSeconds = intFlag(values.lockout, '--lockout', 60, 0, 86_400);
  const today = values.today;
  if (today !== undefined) {
    const parsed = parseNaive(today);
    if (parsed === undefined || parsed.hasTime) throw new UsageError('--today espera uma data no formato AAAA-MM-DD.');
  }
  const fromEnv = Boolean(ctx.env.CVCRM_API_EMAIL?.trim()) && Boolean(ctx.env.CVCRM_API_TOKEN?.trim());
  const credential: Credential = fromEnv
    ? { email: (ctx.env.CVCRM_API_EMAIL ?? '').trim(), token: (ctx.env.CVCRM_API_TOKEN ?? '').trim() }
    : DEMO_CREDENTIALS;

  let simulator: RunningSimulator;
  try {
    simulator = await startSimulator({
      port,
      seed,
      scale,
      ...(today === undefined ? {} : { today }),
      credentials: [credential],
      rateLimit: { limit, windowMs: windowSeconds * 1000, lockoutMs: lockoutSeconds * 1000, retryAfterHeader: values['retry-after'] ?? false },
      control: true,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`a porta ${port} já está em uso; escolha outra com --port (0 escolhe uma livre).`);
    if (code === 'EACCES') throw new UserError(`sem permissão para escutar na porta ${port}; escolha outra com --port.`);
    throw error;
  }

  ctx.stdout.write(
    `simulador do CVDW: ${scale} reservas, semente ${seed}, hoje ${simulator.today}; ` +
      `${limit} requisições a cada ${windowSeconds} s, depois ${lockoutSeconds} s de 429\n`,
  );
  // The demo token is public; a real one from the environment is never echoed.
  ctx.stdout.write(fromEnv
    ? `credenciais: e-mail ${credential.email}, token de CVCRM_API_TOKEN\n`
    : `credenciais: e-mail ${credential.email}, token ${credential.token}\n`);
  // This line stays as the contract words it: scripts wait for it to know the port.
  ctx.stdout.write(`listening on ${simulator.url}\n`);

  if (!until.aborted) await new Promise<void>((resolve) => until.addEventListener('abort', () => resolve(), { once: true }));
  await simulator.stop();
  ctx.stdout.write('simulador parado\n');
  return 0;
}

export const simulatorCommand: Command = {
  name: 'simulator',
  summary: 'roda o servidor falso do CVDW (dados determinísticos, limite de requisições, falhas)',
  help: HELP,
  async run(args, ctx) {
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      return await runSimulatorCommand(args, ctx, stop.signal);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
