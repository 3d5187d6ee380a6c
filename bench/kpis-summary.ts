// The counted-sales summary (migration 0023) in isolation, each comparison within one run so a
// busy machine weighs on both sides alike:
// (1) what its triggers add to a page of the load: pages of 500 sales upserted into public.vendas
//     the way the refresh writes them (a full re-read rewrites sales as they were, and a few
//     change), alternately with the triggers firing and not (session_replication_role = replica,
//     in that page's transaction only);
// (2) the all-time KPIs from the summaries against the same figures from every sale.
//   node --import tsx bench/kpis-summary.ts [--sales 200000] [--pages 40] [--queries 30]
import { parseArgs } from 'node:util';
import type { Queryable } from '../src/db/database.ts';
import { selectKpisFromAccountSummary, selectKpisFromSales, selectKpisFromSummary } from '../src/figures/queries/kpis.ts';
import type { FilterParams } from '../src/figures/queries/sales-filter.ts';
import { createBenchDatabase } from './lib/db.ts';
import { fmt, machineLine, ratio, table } from './lib/machine.ts';

const PAGE = 500;
const PROJECTS = 40;
const BROKERS = 400;

/** Sales spread over two years, 40 projects and 400 brokers, one in ten undone by a distrato. */
async function generate(db: Queryable, sales: number): Promise<void> {
  await db.query(
    `insert into public.vendas (conta, cvcrm_id, reserva_id, empreendimento_id, empreendimento, corretor_id, corretor,
       valor, comissao_valor, data_venda, ativo, situacao)
     select 'principal', i, i, i % $2, 'Empreendimento ' || (i % $2), (i * 7) % $3, 'Corretor ' || ((i * 7) % $3),
       200000 + (i % 1000) * 100.5, 5000 + (i % 300), current_date - (i % 730), 'S',
       case when i % 10 = 0 then 'Distrato' else 'Vendida' end
     from generate_series(1, $1::int) i`,
    [sales, PROJECTS, BROKERS],
  );
  await db.query('analyze public.vendas');
  await db.query('analyze public.resumo_vendas_contadas');
}

/**
 * One page as the refresh writes it: 500 consecutive sales rewritten, every 50th with a new value
 * and every 100th to another broker.
 */
function upsertPage(db: Queryable, first: number, round: number): Promise<unknown> {
  return db.query(
    `insert into public.vendas as v (conta, cvcrm_id, reserva_id, empreendimento_id, empreendimento, corretor_id, corretor,
       valor, comissao_valor, data_venda, ativo, situacao)
     select o.conta, o.cvcrm_id, o.reserva_id, o.empreendimento_id, o.empreendimento,
       case when o.cvcrm_id % 100 = 0 then (o.corretor_id + $3) % $4 else o.corretor_id end,
       case when o.cvcrm_id % 100 = 0 then 'Corretor ' || ((o.corretor_id + $3) % $4) else o.corretor end,
       o.valor + case when o.cvcrm_id % 50 = 0 then 1 else 0 end, o.comissao_valor, o.data_venda, o.ativo, o.situacao
     from public.vendas o
     where o.conta = 'principal' and o.cvcrm_id between $1::bigint and $1::bigint + $2::int - 1
     on conflict (conta, cvcrm_id) do update set
       corretor_id = excluded.corretor_id, corretor = excluded.corretor, valor = excluded.valor, atualizado_em = now()`,
    [first, PAGE, round, BROKERS],
  );
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const { values } = parseArgs({ options: { sales: { type: 'string', default: '200000' }, pages: { type: 'string', default: '40' }, queries: { type: 'string', default: '30' } } });
const sales = Number(values.sales);
const pages = Number(values.pages);
const queries = Number(values.queries);

console.log(`# The counted-sales summary: ${fmt(sales)} sales, PostgreSQL`);
console.log(`machine at start: ${machineLine()}`);
const target = await createBenchDatabase('postgres', 2);
try {
  const started = performance.now();
  await generate(target.db, sales);
  const { rows: [groups] } = await target.db.query<{ n: number }>('select count(*)::int as n from public.resumo_vendas_contadas');
  console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s (the summary filled by the triggers: ${fmt(groups!.n)} groups)`);

  // (1) Pages with and without the triggers, alternating, each a transaction of its own.
  const withTriggers: number[] = [];
  const without: number[] = [];
  for (let p = 0; p < pages; p++) {
    const first = 1 + ((p * PAGE * 7) % Math.max(1, sales - 2 * PAGE));
    for (const fire of p % 2 === 0 ? [true, false] : [false, true]) {
      const ms = await timed(() => target.db.transaction(async (tx) => {
        if (!fire) await tx.query(`set local session_replication_role = replica`);
        // Each way its own sales, so no page rewrites what a page without the triggers left.
        await upsertPage(tx, first + (fire ? 0 : PAGE), p + 1);
      }));
      (fire ? withTriggers : without).push(ms);
    }
  }
  const { rows: [check] } = await target.db.query<{ ok: boolean }>(
    `select (select count(*) from public.resumo_vendas_contadas) > 0 as ok`,
  );
  console.log(`\n## Load: a page of ${PAGE} sales upserted (${pages} pages each way, alternating)`);
  console.log(table(['triggers', 'median ms/page', 'p90 ms/page', 'pages/s at median'], [
    ['firing', quantile(withTriggers, 0.5).toFixed(1), quantile(withTriggers, 0.9).toFixed(1), fmt(1000 / quantile(withTriggers, 0.5), 1)],
    ['off', quantile(without, 0.5).toFixed(1), quantile(without, 0.9).toFixed(1), fmt(1000 / quantile(without, 0.5), 1)],
  ]));
  console.log(`ratio firing / off (median): ${ratio(quantile(withTriggers, 0.5), quantile(without, 0.5))}${check!.ok ? '' : ' (summary empty!)'}`);

  // (2) The all-time KPIs, alternating the two paths. The pages above without triggers left the
  // summary behind the sales, so refill it first (the figures, not their equality, are measured
  // here; the tests check equality).
  await target.db.query(`delete from public.resumo_vendas_contadas`);
  await target.db.query(
    `insert into public.resumo_vendas_contadas
     select conta, empreendimento_id, empreendimento, corretor_id, corretor, count(*), sum(valor), sum(comissao_valor)
     from public.vw_vendas_ativas group by 1, 2, 3, 4, 5`,
  );
  await target.db.query(`delete from public.resumo_vendas_contadas_conta`);
  await target.db.query(
    `insert into public.resumo_vendas_contadas_conta
     select conta, sum(vendas), sum(valor), sum(comissao_valor), count(distinct corretor), count(distinct empreendimento)
     from public.resumo_vendas_contadas group by 1`,
  );
  const all: FilterParams = [null, null, null, null, null, null, null];
  const fromSales: number[] = [];
  const fromSummary: number[] = [];
  const fromAccounts: number[] = [];
  for (let q = 0; q < queries; q++) {
    fromSales.push(await timed(() => selectKpisFromSales(target.db, all)));
    fromSummary.push(await timed(() => selectKpisFromSummary(target.db, all)));
    fromAccounts.push(await timed(() => selectKpisFromAccountSummary(target.db, all)));
  }
  const answer = JSON.stringify(await selectKpisFromSales(target.db, all));
  const same = answer === JSON.stringify(await selectKpisFromSummary(target.db, all))
    && answer === JSON.stringify(await selectKpisFromAccountSummary(target.db, all));
  console.log(`\n## All-time KPIs (${queries} queries each way, alternating; same answer: ${same ? 'yes' : 'NO'})`);
  console.log(table(['read', 'median ms', 'max ms'], [
    ['every sale (vw_vendas_ativas)', quantile(fromSales, 0.5).toFixed(1), Math.max(...fromSales).toFixed(1)],
    ['summary (resumo_vendas_contadas)', quantile(fromSummary, 0.5).toFixed(2), Math.max(...fromSummary).toFixed(2)],
    ['per account (resumo_vendas_contadas_conta)', quantile(fromAccounts, 0.5).toFixed(2), Math.max(...fromAccounts).toFixed(2)],
  ]));
  console.log(`ratio every sale / summary (median): ${ratio(quantile(fromSales, 0.5), quantile(fromSummary, 0.5))}; every sale / per account: ${ratio(quantile(fromSales, 0.5), quantile(fromAccounts, 0.5))}`);
  console.log(`machine at end: ${machineLine()}`);
} finally {
  await target.dispose();
}
