// Grows public.vendas to a wanted number of sales by copying the synced ones (new ids, sale dates
// spread over the last two years), so the web benchmarks can read a large table without syncing
// that many reservations first.
import type { Database } from '../../src/db/database.ts';

export async function multiplySales(db: Database, sales: number): Promise<{ total: number; synced: number; seconds: number }> {
  const { rows: base } = await db.query<{ n: number }>('select count(*)::int as n from public.vendas');
  const synced = base[0]!.n;
  const copies = Math.max(0, Math.ceil((sales - synced) / Math.max(1, synced)));
  const started = performance.now();
  const { rows: columns } = await db.query<{ name: string }>(
    `select column_name as name from information_schema.columns
     where table_schema = 'public' and table_name = 'vendas' order by ordinal_position`,
  );
  const shifted: Record<string, string> = {
    cvcrm_id: 'v.cvcrm_id + $1::bigint * 10000000',
    reserva_id: 'v.reserva_id + $1::bigint * 10000000',
    data_venda: "current_date - (random() * 730)::int",
  };
  const list = columns.map((c) => `"${c.name}"`).join(', ');
  const select = columns.map((c) => shifted[c.name] ?? `v."${c.name}"`).join(', ');
  for (let k = 1; k <= copies; k++) {
    await db.query(
      `insert into public.vendas (${list}) select ${select} from public.vendas v where v.cvcrm_id < 10000000 limit $2::int`,
      [k, sales - synced - (k - 1) * synced],
    );
  }
  await db.exec('analyze public.vendas');
  const { rows: total } = await db.query<{ n: number }>('select count(*)::int as n from public.vendas');
  return { total: total[0]!.n, synced, seconds: (performance.now() - started) / 1000 };
}
