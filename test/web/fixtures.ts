// Known rows for the web tests, written straight into the mirror (cvdw), the business tables
// (public) and the ETL bookkeeping (etl), consistently, so every figure can be computed by hand.
//
// "Today" is 2025-03-15 in São Paulo. Counted sales: 101, 102, 103, 104, 108, 109, 110.
// Not counted: 105 and 111 (distrato), 106 (inactive), 107 (zero value).
import type { Queryable } from '../../src/db/database.ts';

export const FIXED_NOW = new Date('2025-03-15T15:00:00Z');
export const TODAY = '2025-03-15';

export const AURORA = { id: 1, nome: 'Residencial Aurora' };
export const PARQUE = { id: 2, nome: 'Vista do Parque' };
export const FLORES = { id: 3, nome: 'Jardim <Flores> & "Cia"' };

export const CARLOS = { id: 11, nome: 'Carlos Lima' };
export const ANA = { id: 12, nome: 'Ana Prado' };
export const BRUNO = { id: 13, nome: 'Bruno Alves' };

export interface FixtureSale {
  id: number;
  project: { id: number; nome: string };
  broker: { id: number; nome: string };
  time: string | null;
  cliente: string;
  email: string | null;
  cpf: string | null;
  valor: number;
  financiamento: number;
  fgts: number;
  subsidio: number;
  dataVenda: string;
  ativo: 'S' | 'N';
  situacao: 'Vendida' | 'Distrato';
  dataDistrato: string | null;
  origem: string | null;
  /** Commission rows in the mirror: [broker, value, active, deleted]. */
  comissoes: [string, number, 'S' | 'N', boolean][];
}

const sale = (s: Partial<FixtureSale> & Pick<FixtureSale, 'id' | 'project' | 'broker' | 'cliente' | 'valor' | 'dataVenda'>): FixtureSale => ({
  time: null, email: null, cpf: null, financiamento: 0, fgts: 0, subsidio: 0, ativo: 'S', situacao: 'Vendida',
  dataDistrato: null, origem: null, comissoes: [], ...s,
});

export const SALES: readonly FixtureSale[] = [
  sale({ id: 101, project: AURORA, broker: CARLOS, time: 'Time Azul', cliente: 'Maria Silva Souza', email: 'maria.souza@example.com', cpf: '123.456.789-09',
    valor: 500000, financiamento: 350000, fgts: 20000, dataVenda: '2025-03-10', origem: 'Instagram',
    comissoes: [[CARLOS.nome, 15000, 'S', false], [ANA.nome, 10000, 'S', false], [CARLOS.nome, 99999, 'N', false]] }),
  sale({ id: 102, project: AURORA, broker: ANA, time: 'Time Verde', cliente: 'João Pereira', valor: 400000, financiamento: 300000, subsidio: 10000,
    dataVenda: '2025-03-01', origem: 'Google', comissoes: [[ANA.nome, 12000, 'S', false], [ANA.nome, 5000, 'S', true]] }),
  sale({ id: 103, project: PARQUE, broker: CARLOS, time: 'Time Azul', cliente: 'Beatriz Costa', valor: 300000, financiamento: 240000,
    dataVenda: '2025-02-20', origem: 'Instagram', comissoes: [[CARLOS.nome, 9000, 'S', false]] }),
  sale({ id: 104, project: PARQUE, broker: BRUNO, cliente: 'Pedro Rocha', valor: 250000, financiamento: 200000,
    dataVenda: '2025-02-05', comissoes: [[BRUNO.nome, 7500, 'S', false]] }),
  sale({ id: 105, project: AURORA, broker: BRUNO, time: 'Time Verde', cliente: 'Lucas Dias', valor: 350000, financiamento: 280000,
    dataVenda: '2025-01-15', situacao: 'Distrato', dataDistrato: '2025-02-10', origem: 'Google', comissoes: [[BRUNO.nome, 10500, 'S', false]] }),
  sale({ id: 106, project: AURORA, broker: CARLOS, time: 'Time Azul', cliente: 'Fernanda Melo', valor: 450000, financiamento: 300000,
    dataVenda: '2025-03-05', ativo: 'N', origem: 'Instagram', comissoes: [[CARLOS.nome, 13500, 'S', false]] }),
  sale({ id: 107, project: PARQUE, broker: ANA, time: 'Time Verde', cliente: 'Rafael Gomes', valor: 0, dataVenda: '2025-03-07', origem: 'Google' }),
  sale({ id: 108, project: AURORA, broker: CARLOS, time: 'Time Azul', cliente: 'Juliana Reis', valor: 600000, financiamento: 400000, fgts: 50000,
    dataVenda: '2024-03-12', origem: 'Indicação', comissoes: [[CARLOS.nome, 18000, 'S', false]] }),
  sale({ id: 109, project: PARQUE, broker: ANA, time: 'Time Verde', cliente: "=cmd|' /C calc'!A0 Nunes", email: 'ricardo@dominio.com.br', cpf: '98765432100',
    valor: 320000, financiamento: 250000, dataVenda: '2024-12-20', origem: 'Google', comissoes: [[ANA.nome, 9600, 'S', false]] }),
  sale({ id: 110, project: AURORA, broker: BRUNO, time: 'Time Verde', cliente: 'Camila Torres', valor: 280000, financiamento: 200000, subsidio: 30000,
    dataVenda: '2025-03-14', origem: 'Stand', comissoes: [[BRUNO.nome, 8400, 'S', false]] }),
  sale({ id: 111, project: PARQUE, broker: CARLOS, time: 'Time Azul', cliente: 'Sérgio Lopes', valor: 310000, financiamento: 250000,
    dataVenda: '2025-02-25', situacao: 'Distrato', dataDistrato: '2025-03-03', origem: 'Instagram', comissoes: [[CARLOS.nome, 9300, 'S', false]] }),
];

/** Units now: [id, project, situacao (1..5), valor]. */
const STATUS = ['', 'disponivel', 'reservada', 'vendida', 'bloqueada', 'em_reserva'] as const;
export const UNITS: readonly [number, { id: number; nome: string }, number, number][] = [
  [101, AURORA, 1, 400000], [102, AURORA, 1, 400000], [103, AURORA, 1, 400000], [104, AURORA, 1, 400000],
  [105, AURORA, 2, 420000], [106, AURORA, 3, 450000], [107, AURORA, 3, 500000], [108, AURORA, 3, 600000],
  [109, AURORA, 4, 380000], [110, AURORA, 5, 410000],
  [201, PARQUE, 1, 300000], [202, PARQUE, 1, 300000], [203, PARQUE, 1, 300000],
  [204, PARQUE, 3, 300000], [205, PARQUE, 3, 250000], [206, PARQUE, 3, 320000],
  [301, FLORES, 1, 250000], [302, FLORES, 1, 250000], [303, FLORES, 1, 250000], [304, FLORES, 1, 250000],
];

/** Daily unit snapshots: 1 March (6 + 3 + 2 available; Flores had only two units) and today. */
export const SNAPSHOTS: readonly [string, number, number, number][] = [
  ...[101, 102, 103, 104, 105, 106].map((u) => ['2025-03-01', u, 1, 1] as [string, number, number, number]),
  ['2025-03-01', 107, 1, 3], ['2025-03-01', 108, 1, 3], ['2025-03-01', 109, 1, 4], ['2025-03-01', 110, 1, 2],
  ['2025-03-01', 201, 2, 1], ['2025-03-01', 202, 2, 1], ['2025-03-01', 203, 2, 1],
  ['2025-03-01', 204, 2, 3], ['2025-03-01', 205, 2, 3], ['2025-03-01', 206, 2, 3],
  ['2025-03-01', 301, 3, 1], ['2025-03-01', 302, 3, 1],
  ...UNITS.map(([u, p, s]) => [TODAY, u, p.id, s] as [string, number, number, number]),
];

export async function seedFixtures(db: Queryable): Promise<void> {
  for (const p of [AURORA, PARQUE, FLORES]) {
    const units = UNITS.filter(([, q]) => q.id === p.id);
    await db.query(
      `insert into public.empreendimentos (cvcrm_id, nome, cidade, estado, total_unidades, unidades_disponiveis)
       values ($1, $2, 'São Paulo', 'SP', $3, $4)`,
      [p.id, p.nome, units.length, units.filter(([, , s]) => s === 1).length],
    );
  }
  for (const [id, p, situacao, valor] of UNITS) {
    await db.query(
      `insert into public.unidades (cvcrm_id, empreendimento_id, empreendimento, numero, status, situacao_codigo, valor)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [id, p.id, p.nome, String(id), STATUS[situacao], situacao, valor],
    );
    await db.query(
      `insert into cvdw.unidades (referencia, idunidade, idempreendimento, nome_empreendimento, situacao_mapa_disponibilidade, valor, payload)
       values ($1, $2, $3, $4, $5, $6, '{}'::jsonb)`,
      [`u${id}`, id, p.id, p.nome, situacao, valor],
    );
  }
  for (const [day, unit, project, situacao] of SNAPSHOTS) {
    await db.query(
      `insert into etl.unit_snapshots (snapshot_date, idunidade, idempreendimento, situacao) values ($1::date, $2, $3, $4)`,
      [day, unit, project, situacao],
    );
  }
  for (const s of SALES) await insertSale(db, s);
  await db.query(
    `insert into etl.runs (resource, mode, status, started_at, finished_at, records, upserted)
     values ('reservas', 'incremental', 'succeeded', '2025-03-15T11:58:00Z', '2025-03-15T12:00:00Z', 11, 11),
            ('comissoes', 'incremental', 'failed', '2025-03-15T12:00:00Z', '2025-03-15T12:01:00Z', 0, 0)`,
  );
  await db.query(
    `insert into etl.resource_state (resource, last_success_at, last_error, consecutive_failures)
     values ('reservas', '2025-03-15T12:00:00Z', null, 0),
            ('comissoes', '2025-03-14T12:00:00Z', 'CVDW answered 503 three times.', 1)`,
  );
}

export async function insertSale(db: Queryable, s: FixtureSale): Promise<void> {
  const active = s.comissoes.filter(([, , a, deleted]) => a === 'S' && !deleted);
  const comissao = active.reduce((acc, [, v]) => acc + v, 0);
  const proSoluto = s.valor - s.financiamento - s.fgts - s.subsidio;
  await db.query(
    `insert into public.vendas (cvcrm_id, reserva_id, empreendimento_id, empreendimento, unidade, corretor_id, corretor,
       time_corretor, cliente, cliente_email, cliente_documento, valor, valor_financiamento, valor_fgts, valor_subsidio,
       pro_soluto, data_venda, data_distrato, ativo, situacao, comissao_valor, origem_lead)
     values ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::date, $17::date, $18, $19, $20, $21)`,
    [s.id, s.project.id, s.project.nome, `A-${s.id}`, s.broker.id, s.broker.nome, s.time, s.cliente, s.email, s.cpf,
      s.valor, s.financiamento, s.fgts, s.subsidio, proSoluto, s.dataVenda, s.dataDistrato, s.ativo, s.situacao, comissao, s.origem],
  );
  await db.query(
    `insert into cvdw.reservas (referencia, idreserva, ativo, data_venda, situacao, idempreendimento, empreendimento, idcorretor,
       corretor, nome_time, cliente, email, documento_cliente, valor_contrato, valor_financiamento, valor_fgts, valor_subsidio, midia, payload)
     values ($1, $2, $3, $4::timestamp, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, '{}'::jsonb)`,
    [`r${s.id}`, s.id, s.ativo, `${s.dataVenda} 10:00:00`, s.situacao, s.project.id, s.project.nome, s.broker.id, s.broker.nome,
      s.time, s.cliente, s.email, s.cpf, s.valor, s.financiamento, s.fgts, s.subsidio, s.origem],
  );
  let n = 0;
  for (const [broker, valor, ativo, deleted] of s.comissoes) {
    await db.query(
      `insert into cvdw.comissoes (referencia, idreserva, corretor, valor_comissao, ativo, deleted_at, payload)
       values ($1, $2, $3, $4, $5, $6::timestamptz, '{}'::jsonb)`,
      [`c${s.id}-${n++}`, s.id, broker, valor, ativo, deleted ? '2025-03-01T00:00:00Z' : null],
    );
  }
  if (s.dataDistrato !== null) {
    await db.query(
      `insert into cvdw.distratos (referencia, idreserva, situacao_data, idempreendimento, empreendimento, valor_contrato, payload)
       values ($1, $2, $3::timestamp, $4, $5, $6, '{}'::jsonb)`,
      [`d${s.id}`, s.id, `${s.dataDistrato} 09:00:00`, s.project.id, s.project.nome, s.valor],
    );
  }
}
