// start, serve, worker and demo: the same process shape with different roles.
import { join } from 'node:path';
import { loadConfig } from '../../config.ts';
import type { Command, CommandContext } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';

/**
 * WORK_UNIT_LEASE_SECONDS: how long a worker keeps a claimed (account, resource) unit without
 * renewing it, i.e. how soon another worker resumes the unit of a worker that died. A tuning knob
 * of the worker processes, not of the installation, so it is read here and not in the config.
 */
export function workUnitLeaseSeconds(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = env.WORK_UNIT_LEASE_SECONDS?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 2 || value > 3600) {
    throw new Error(`WORK_UNIT_LEASE_SECONDS deve ser um número inteiro de segundos entre 2 e 3600 (recebido "${raw.slice(0, 20)}").`);
  }
  return value;
}

async function runUntilStopped(ctx: CommandContext, roles: { web: boolean; worker: boolean; syncAtStart: boolean }, demo = false): Promise<number> {
  const config = demo
    ? loadConfig({ ...ctx.env, CVCRM_API_EMAIL: '', CVCRM_API_TOKEN: '', DATABASE_URL: '', DATA_DIR: join(ctx.config().dataDir, 'demo') })
    : ctx.config();
  const lease = workUnitLeaseSeconds(ctx.env);
  // Loaded here, so a one-shot command (sync, check…) does not load the long-running process's modules.
  const { startRuntime } = await import('../runtime.ts');
  const runtime = await startRuntime({ config, ...roles, stdoutIsTty: Boolean(ctx.stdout.isTTY), ...(lease !== undefined ? { workUnitLeaseSeconds: lease } : {}) });
  if (runtime.url) ctx.stdout.write(`${runtime.demo ? 'DEMO: ' : ''}painel em ${runtime.url.replace('127.0.0.1', 'localhost')}\n`);
  return runtime.shutdown.done;
}

export const startCommand: Command = {
  name: 'start',
  summary: 'migrações, servidor web, agendador; primeira sincronização ao iniciar (o que npm start roda)',
  help: `Uso: cvcrm-etl start

Migra o banco, serve o painel em HOST:PORT, roda o agendador (SYNC_CRON no fuso SYNC_TIMEZONE) e
uma sincronização ao iniciar. Sem credenciais do CVCRM roda em modo demonstração, com o simulador
embutido como fonte. Para de forma limpa com SIGTERM/SIGINT.`,
  async run(args, ctx) {
    parseFlags(args, {});
    return runUntilStopped(ctx, { web: true, worker: true, syncAtStart: true });
  },
};

export const serveCommand: Command = {
  name: 'serve',
  summary: 'só o servidor web (Procfile web)',
  help: `Uso: cvcrm-etl serve

Serve o painel, as APIs, /health e /metrics em HOST:PORT; sem agendador.`,
  async run(args, ctx) {
    parseFlags(args, {});
    return runUntilStopped(ctx, { web: true, worker: false, syncAtStart: false });
  },
};

export const workerCommand: Command = {
  name: 'worker',
  summary: 'só o agendador (Procfile worker)',
  help: `Uso: cvcrm-etl worker

Roda a sincronização conforme SYNC_CRON no fuso SYNC_TIMEZONE. Cada disparo vira uma unidade de
trabalho por (conta, recurso); cada worker reserva unidades pelo PostgreSQL por um prazo
(WORK_UNIT_LEASE_SECONDS, padrão 60), de modo que vários workers num mesmo PostgreSQL rodam cada
sincronização agendada uma única vez, contas em paralelo, e a unidade de um worker que caiu é
retomada por outro quando o prazo vence. Um disparo perdido enquanto todos estavam parados roda
ao iniciar.`,
  async run(args, ctx) {
    parseFlags(args, {});
    return runUntilStopped(ctx, { web: false, worker: true, syncAtStart: false });
  },
};

export const demoCommand: Command = {
  name: 'demo',
  summary: 'simulador + banco embutido + sincronização + servidor web',
  help: `Uso: cvcrm-etl demo

Roda tudo contra o simulador embutido, num banco embutido em DATA_DIR/demo, quaisquer que sejam
as credenciais configuradas: um painel funcionando com dados realistas em um minuto.`,
  async run(args, ctx) {
    parseFlags(args, {});
    return runUntilStopped(ctx, { web: true, worker: true, syncAtStart: true }, true);
  },
};
