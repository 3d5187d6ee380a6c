import { openDatabase } from '../../db/open-database.ts';
import { expandResources, resolveResourceName } from '../../cvdw/catalog/index.ts';
import type { SyncObserver } from '../../sync/observer.ts';
import { UsageError, type Command } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';
import { openSyncSource } from '../sync-source.ts';

export const syncCommand: Command = {
  name: 'sync',
  summary: 'uma sincronização agora, e termina (código 0 só quando todo recurso de toda conta deu certo)',
  help: `Uso: cvcrm-etl sync [RECURSO…] [--full] [--since "AAAA-MM-DD HH:MM:SS"] [--conta NOME]

Copia os recursos (padrão: os recursos de cada conta) do CVDW para o banco; as contas de
CVCRM_ACCOUNTS são sincronizadas em paralelo, cada uma com seu próprio orçamento de requisições.
  RECURSO    um caminho do CVDW como reservas/condicoes (ou o nome da tabela), empreendimentos, ou all
  --full     lê tudo e marca como excluídas na origem as linhas que o CVDW não devolve mais
  --since    lê os registros alterados a partir deste momento, em vez da marca d'água guardada
  --conta    sincroniza só esta conta (um nome de CVCRM_ACCOUNTS; "principal" quando ela não existe)
Sem credenciais do CVCRM, a fonte é o simulador embutido (modo demonstração).`,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(args, { full: { type: 'boolean' }, since: { type: 'string' }, conta: { type: 'string' } }, true);
    const since = values.since === undefined ? undefined : normaliseSince(values.since);
    const resources = positionals.map((name) => {
      if (name === 'all') return 'all';
      const resolved = resolveResourceName(name);
      if (resolved === undefined) throw new UsageError(`"${name.slice(0, 60)}" não é um recurso conhecido do CVDW (use o caminho, por exemplo reservas/condicoes).`);
      return resolved;
    });
    const config = ctx.config();
    // The sync engine is loaded by this command only, not by every process of the CLI.
    const [{ migrate }, { labelledByAccount }, { createProgressObserver }, { runAccounts, selectAccounts, UnknownAccountError }, { formatAccountsSummary }] = await Promise.all([
      import('../../db/migrate.ts'), import('../../sync/observer.ts'), import('../../sync/progress-display.ts'),
      import('../../sync/run-accounts.ts'), import('../../sync/sync-output.ts'),
    ]);
    const contas = values.conta === undefined ? undefined : [values.conta.trim()];
    let accounts;
    try {
      accounts = selectAccounts(config.accounts, contas);
    } catch (error) {
      if (error instanceof UnknownAccountError) throw new UsageError(`--conta: ${error.message}`);
      throw error;
    }
    const db = await openDatabase(config, 'cvcrm-etl sync');
    const opened = await openSyncSource(config);
    let progress: (SyncObserver & { stop(): void }) | undefined;
    const abort = new AbortController();
    const stop = () => abort.abort(new Error('interrompida por sinal'));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await migrate(db);
      if (opened.demo) ctx.stdout.write('DEMO: nenhuma credencial do CVCRM configurada; lendo do simulador embutido\n');
      // Created last: on a terminal it redraws the lines below everything printed before it.
      // Several accounts show each resource once per account, as conta/resource.
      const several = accounts.length > 1;
      const names = (a: (typeof accounts)[number]) => expandResources(resources.length > 0 ? resources : a.resources);
      progress = createProgressObserver(ctx.stdout, {
        resources: accounts.flatMap((a) => names(a).map((r) => (several ? `${a.name}/${r}` : r))),
        timeZone: config.schedule.timezone,
      });
      const view = progress;
      const summary = await runAccounts(
        { db, config, sourceFor: opened.sourceFor, observerFor: (account) => (several ? labelledByAccount(account.name, view) : view) },
        { resources, full: values.full ?? false, ...(since ? { since } : {}), ...(contas ? { contas } : {}), signal: abort.signal },
      );
      progress.stop();
      ctx.stdout.write(formatAccountsSummary(summary));
      return summary.ok ? 0 : 1;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      progress?.stop();
      await opened.close();
      await db.close();
    }
  },
};

function normaliseSince(raw: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?$/.exec(raw.trim());
  if (!m) throw new UsageError('--since espera "AAAA-MM-DD HH:MM:SS" ou "AAAA-MM-DD".');
  const time = m[2] === undefined ? '00:00:00' : m[2].length === 5 ? `${m[2]}:00` : m[2];
  const value = `${m[1]} ${time}`;
  if (Number.isNaN(Date.parse(value.replace(' ', 'T')))) throw new UsageError('--since não é uma data que existe.');
  return value;
}
