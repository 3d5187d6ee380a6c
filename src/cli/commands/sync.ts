import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { expandResources, resolveResourceName } from '../../cvdw/catalog/index.ts';
import { labelledByAccount } from '../../sync/observer.ts';
import { createProgressObserver } from '../../sync/progress-display.ts';
import { runAccounts, selectAccounts, UnknownAccountError } from '../../sync/run-accounts.ts';
import { formatAccountsSummary } from '../../sync/sync-output.ts';
import { UsageError, type Command } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';
import { openSyncSource } from '../sync-source.ts';

export const syncCommand: Command = {
  name: 'sync',
  summary: 'one sync now, then exit (0 only when every resource of every account succeeded)',
  help: `Usage: cvcrm-etl sync [RESOURCE…] [--full] [--since "YYYY-MM-DD HH:MM:SS"] [--conta NAME]

Extracts the resources (default: each account's resources) from CVDW into the database; the
accounts of CVCRM_ACCOUNTS are synced in parallel, each with its own request budget.
  RESOURCE   a CVDW path such as reservas/condicoes (or its table name), empreendimentos, or all
  --full     read everything and mark rows no longer returned as deleted upstream
  --since    read records changed from this moment instead of the stored watermark
  --conta    sync only this account (a name of CVCRM_ACCOUNTS; "principal" without it)
Without CVCRM credentials, the built-in simulator is the source (demo mode).`,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(args, { full: { type: 'boolean' }, since: { type: 'string' }, conta: { type: 'string' } }, true);
    const since = values.since === undefined ? undefined : normaliseSince(values.since);
    const resources = positionals.map((name) => {
      if (name === 'all') return 'all';
      const resolved = resolveResourceName(name);
      if (resolved === undefined) throw new UsageError(`"${name.slice(0, 60)}" is not a known CVDW resource (use its path, e.g. reservas/condicoes).`);
      return resolved;
    });
    const config = ctx.config();
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
    let progress: ReturnType<typeof createProgressObserver> | undefined;
    const abort = new AbortController();
    const stop = () => abort.abort(new Error('stopped by signal'));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await migrate(db);
      if (opened.demo) ctx.stdout.write('DEMO: no CVCRM credentials configured; reading from the built-in simulator\n');
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
  if (!m) throw new UsageError('--since expects "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DD".');
  const time = m[2] === undefined ? '00:00:00' : m[2].length === 5 ? `${m[2]}:00` : m[2];
  const value = `${m[1]} ${time}`;
  if (Number.isNaN(Date.parse(value.replace(' ', 'T')))) throw new UsageError('--since is not a real date.');
  return value;
}
