// The bi schema as a BI user meets it: every object and column described in pt-BR (the funnel's
// definitions word for word), and a calendar that knows the national holidays.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';

/** The funnel's definitions, shared with the figures' help texts: exactly these words. */
const FUNNEL_COMMENTS: Record<string, string> = {
  'fato_leads.data_lead': 'Data de cadastro do lead (data_cad): define a safra do funil.',
  'fato_leads.origem': 'Origem (canal) do lead; "Não informado" quando o lead não tem uma.',
  'fato_leads.tem_visita': 'Visita: o lead tem ao menos uma visita concluída (com data de conclusão).',
  'fato_leads.tem_reserva': 'Reserva: o lead está em ao menos uma reserva ativa, qualquer que seja a situação dela; uma reserva pode vir de vários leads.',
  'fato_leads.tem_venda': 'Venda: ao menos uma reserva do lead é uma venda contada, como nos números de vendas.',
  'fato_leads.dias_ate_venda': 'Tempo até a venda: dias entre o cadastro do lead e a sua primeira venda contada.',
  'fato_leads.horas_primeiro_atendimento': 'Tempo de primeiro atendimento: horas entre o cadastro do lead e a primeira interação do corretor.',
  'fato_leads.motivo_perda': 'Motivo da perda do lead (motivo_cancelamento, senão motivo); "Não informado" quando não há.',
  'fato_reservas.eh_venda': 'Venda contada: a reserva está em public.vw_vendas_ativas.',
  'fato_reservas.eh_distrato': 'Distrato: a venda foi desfeita (situação Distrato).',
};

const OBJECTS = [
  'dim_calendario', 'dim_corretor', 'dim_empreendimento', 'dim_origem', 'dim_unidade', 'fato_comissoes', 'fato_estoque_diario',
  'fato_leads', 'fato_reservas', 'fato_visitas', 'ponte_lead_reserva',
];

describeEachDatabase('the bi schema', (get) => {
  it('describes every table, view and column, the funnel columns in the shared words', async () => {
    const { rows: objects } = await get().db.query<{ name: string; kind: string; comment: string | null }>(
      `select c.relname as name, c.relkind::text as kind, obj_description(c.oid, 'pg_class') as comment
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'bi' and c.relkind in ('r', 'v', 'm') order by c.relname`);
    expect(objects.map((o) => o.name)).toEqual(OBJECTS);
    expect(objects.filter((o) => (o.comment ?? '').trim().length < 10).map((o) => o.name)).toEqual([]);

    const { rows: columns } = await get().db.query<{ name: string; comment: string | null }>(
      `select c.relname || '.' || a.attname as name, col_description(c.oid, a.attnum) as comment
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       where n.nspname = 'bi' and c.relkind in ('r', 'v', 'm')`);
    expect(columns.length).toBeGreaterThan(120);
    expect(columns.filter((c) => (c.comment ?? '').trim() === '').map((c) => c.name)).toEqual([]);
    const byName = new Map(columns.map((c) => [c.name, c.comment]));
    for (const [column, text] of Object.entries(FUNNEL_COMMENTS)) expect(byName.get(column), column).toBe(text);
  });

  it('keeps one index of cvdw.comissoes by reservation (the one of 0003 became redundant)', async () => {
    const { db } = get();
    const { rows } = await db.query<{ name: string }>(
      `select indexname as name from pg_indexes where schemaname = 'cvdw' and tablename = 'comissoes' and indexdef ~ '\\(idreserva' order by 1`);
    expect(rows.map((r) => r.name)).toEqual(['comissoes_idreserva_referencia_idx']);
  });

  it('fills the calendar from 2000 to 2050 with ISO weekdays and national holidays', async () => {
    const { rows: [range] } = await get().db.query<{ n: number; first: string; last: string; bad_ano_mes: number }>(
      `select count(*)::int as n, min(data)::text as first, max(data)::text as last,
              count(*) filter (where ano_mes !~ '^[0-9]{4}-[0-9]{2}$' or ano_mes <> to_char(data, 'YYYY-MM'))::int as bad_ano_mes
       from bi.dim_calendario`);
    expect(range).toEqual({ n: 18_628, first: '2000-01-01', last: '2050-12-31', bad_ano_mes: 0 });

    const { rows } = await get().db.query<{ data: string; ano_mes: string; nome_mes: string; dia_semana: number; nome_dia_semana: string; dia_util: boolean; trimestre: number }>(
      `select data::text as data, ano_mes, nome_mes, dia_semana, nome_dia_semana, dia_util, trimestre from bi.dim_calendario
       where data in ('2023-11-20', '2024-11-20', '2025-04-18', '2025-04-22', '2025-03-04', '2025-12-25', '2025-12-27', '2025-12-28', '2026-04-03')
       order by data`);
    const day = new Map(rows.map((r) => [r.data, r]));
    // Consciência Negra: a national holiday only from 2024.
    expect(day.get('2023-11-20')).toMatchObject({ dia_semana: 1, nome_dia_semana: 'segunda-feira', dia_util: true });
    expect(day.get('2024-11-20')).toMatchObject({ dia_semana: 3, nome_dia_semana: 'quarta-feira', dia_util: false });
    // Sexta-feira Santa follows Easter (2025-04-20, 2026-04-05).
    expect(day.get('2025-04-18')).toMatchObject({ dia_semana: 5, dia_util: false, nome_mes: 'abril', ano_mes: '2025-04', trimestre: 2 });
    expect(day.get('2026-04-03')).toMatchObject({ dia_semana: 5, dia_util: false });
    expect(day.get('2025-04-22')).toMatchObject({ dia_semana: 2, nome_dia_semana: 'terça-feira', dia_util: true });
    // Carnaval is a ponto facultativo: a working day here.
    expect(day.get('2025-03-04')).toMatchObject({ dia_util: true, nome_mes: 'março' });
    expect(day.get('2025-12-25')).toMatchObject({ dia_util: false, nome_mes: 'dezembro', trimestre: 4 });
    expect(day.get('2025-12-27')).toMatchObject({ dia_semana: 6, nome_dia_semana: 'sábado', dia_util: false });
    expect(day.get('2025-12-28')).toMatchObject({ dia_semana: 7, nome_dia_semana: 'domingo', dia_util: false });
  });

  it('shows the daily stock as 0/1 flags that sum to unit counts', async () => {
    const { db } = get();
    await db.query(`insert into etl.unit_snapshots (snapshot_date, idunidade, idempreendimento, situacao)
                    values ('2025-05-01', 1, 10, 1), ('2025-05-01', 2, 10, 2), ('2025-05-01', 3, 10, 5), ('2025-05-01', 4, 10, 3),
                           ('2025-05-01', 5, 10, 4), ('2025-05-01', 6, 10, null)`);
    const { rows } = await db.query<{ disponivel: number; reservada: number; vendida: number; bloqueada: number; sem_status: number }>(
      `select sum(disponivel)::int as disponivel, sum(reservada)::int as reservada, sum(vendida)::int as vendida,
              sum(bloqueada)::int as bloqueada, count(*) filter (where status is null)::int as sem_status
       from bi.fato_estoque_diario where data = '2025-05-01' and idempreendimento = 10`);
    expect(rows[0]).toEqual({ disponivel: 1, reservada: 2, vendida: 1, bloqueada: 1, sem_status: 1 });
  });
});
