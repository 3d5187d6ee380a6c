// The generated data: deterministic for a seed, consistent across resources as the business is
// (DOMAIN.md), realistic pt-BR, and carrying each quirk of real data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/cvdw/catalog/index.ts';
import { isValidCpf, type RunningSimulator } from '../../src/simulator/index.ts';
import { AUTH, cents, readAll, start, TODAY, type Row } from './http-client.ts';

let sim: RunningSimulator;
const all: Record<string, Row[]> = {};
let empreendimentos: Row[];

beforeAll(async () => {
  sim = await start({ scale: 600, seed: 42 });
  for (const resource of ['reservas', 'reservas/condicoes', 'comissoes', 'unidades', 'vendas', 'distratos']) all[resource] = await readAll(sim, resource);
  empreendimentos = (await (await fetch(`${sim.url}/api/v1/cadastros/empreendimentos`, { headers: AUTH })).json()) as Row[];
});
afterAll(async () => {
  await sim.stop();
});

const rows = (resource: string): Row[] => all[resource] ?? [];
const byId = (resource: string, field: string): Map<unknown, Row[]> => {
  const map = new Map<unknown, Row[]>();
  for (const row of rows(resource)) map.set(row[field], [...(map.get(row[field]) ?? []), row]);
  return map;
};

describe('determinism', () => {
  it('serves byte-identical responses for the same seed, scale and day', async () => {
    const twin = await start({ scale: 600, seed: 42 });
    const other = await start({ scale: 600, seed: 43 });
    try {
      const paths = ['cvdw/reservas?registros_por_pagina=500&pagina=2', 'cvdw/reservas/condicoes?registros_por_pagina=200&pagina=7',
        'cvdw/comissoes?registros_por_pagina=100&pagina=3', 'cvdw/unidades?registros_por_pagina=300', 'cvdw/vendas?registros_por_pagina=50&pagina=4',
        'cvdw/distratos', 'cvdw/leads', 'cadastros/empreendimentos'];
      for (const path of paths) {
        const [a, b, c] = await Promise.all([sim, twin, other].map(async (s) => (await fetch(`${s.url}/api/v1/${path}`, { headers: AUTH })).text()));
        expect(b, path).toBe(a);
        if (!path.startsWith('cvdw/leads')) expect(c, path).not.toBe(a);
      }
    } finally {
      await twin.stop();
      await other.stop();
    }
  });
});

describe('consistency across resources', () => {
  it('gives each situation its dates: sales have data_venda, distratos also data_cancelamento', () => {
    const situations = new Set(rows('reservas').map((r) => r.situacao));
    expect(situations).toEqual(new Set(['Vendida', 'Distrato', 'Em análise', 'Reserva', 'Cancelada']));
    for (const r of rows('reservas')) {
      if (r.situacao === 'Vendida') expect(r.data_venda).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      else if (r.situacao === 'Distrato') {
        expect(r.data_venda).not.toBeNull();
        expect(String(r.data_cancelamento) > String(r.data_venda)).toBe(true);
      } else expect(r.data_venda).toBeNull();
    }
  });

  it('spreads sales over two years up to today, with sales in the last 30 days', () => {
    const sales = rows('reservas').filter((r) => r.situacao === 'Vendida' && String(r.referencia_data) >= '2023');
    expect(sales.every((r) => String(r.data_venda) < TODAY)).toBe(true);
    expect(sales.filter((r) => String(r.data_venda) >= '2025-05-16').length).toBeGreaterThan(3);
    expect(sales.filter((r) => String(r.data_venda) < '2023-07-01').length).toBeGreaterThan(3);
    expect(rows('reservas').every((r) => r.referencia_data === null || String(r.referencia_data) < `${TODAY} 00:00:00`)).toBe(true);
  });

  it('has payment series that add up to valor_contrato and match the financing fields', () => {
    const series = byId('reservas/condicoes', 'idreserva');
    for (const r of rows('reservas')) {
      const own = series.get(r.idreserva) ?? [];
      expect(own).toHaveLength(5);
      expect(own.reduce((sum, c) => sum + cents(c.valor), 0)).toBe(cents(r.valor_contrato));
      const total = (name: string): number => own.filter((c) => c.serie === name).reduce((sum, c) => sum + cents(c.valor), 0);
      expect(total('Financiamento')).toBe(cents(r.valor_financiamento));
      expect(total('FGTS')).toBe(cents(r.valor_fgts));
      expect(total('Subsídio')).toBe(cents(r.valor_subsidio));
      expect(own.every((c) => cents(c.valor) > 0)).toBe(true);
    }
    const names = new Set(rows('reservas/condicoes').map((c) => c.serie));
    for (const name of ['Ato', 'Mensais', 'Chaves', 'Financiamento', 'FGTS', 'Subsídio', 'Anuais']) expect(names).toContain(name);
  });

  it('pays commissions on sales only: two per sale, valor = contrato × %, distratos inactive', () => {
    const reservas = new Map(rows('reservas').map((r) => [r.idreserva, r]));
    const perSale = byId('comissoes', 'idreserva');
    for (const [idreserva, commissions] of perSale) {
      const reserva = reservas.get(idreserva);
      expect(['Vendida', 'Distrato']).toContain(reserva?.situacao);
      expect(commissions).toHaveLength(2);
      for (const c of commissions) {
        expect(Math.abs(Number(c.valor_comissao) - (Number(c.valor_contrato) * Number(c.porcentagem_comissao)) / 100)).toBeLessThanOrEqual(0.01);
        expect(cents(c.valor_contrato)).toBe(cents(reserva?.valor_contrato));
        if (reserva?.situacao === 'Distrato') expect(c.ativo).toBe('N');
      }
    }
    const sold = rows('reservas').filter((r) => r.situacao === 'Vendida' || r.situacao === 'Distrato');
    expect(perSale.size).toBe(sold.length);
    const live = rows('comissoes').filter((c) => reservas.get(c.idreserva)?.situacao === 'Vendida');
    expect(live.some((c) => c.ativo === 'N')).toBe(true);
    const split = [...perSale.values()].filter(([a, b]) => a?.porcentagem_comissao === b?.porcentagem_comissao && !String(b?.corretor).includes('Gerente'));
    expect(split.length).toBeGreaterThan(10);
  });

  it('keeps units, sales and distratos in step with the reservations', () => {
    const units = new Map(rows('unidades').map((u) => [u.idunidade, u]));
    const projectIds = new Set(empreendimentos.map((e) => e.idempreendimento));
    const expectedState: Record<string, number> = { Vendida: 3, Reserva: 2, 'Em análise': 5, Distrato: 1, Cancelada: 1 };
    for (const r of rows('reservas')) {
      const unit = units.get(r.idunidade);
      expect(unit, `unit of ${String(r.idreserva)}`).toBeDefined();
      expect(unit?.situacao_mapa_disponibilidade).toBe(expectedState[String(r.situacao)]);
      expect(unit?.idempreendimento).toBe(r.idempreendimento);
      expect(projectIds.has(r.idempreendimento)).toBe(true);
    }
    expect(new Set(rows('reservas').map((r) => r.idunidade)).size).toBe(600);
    const soldUnits = rows('unidades').filter((u) => u.situacao_mapa_disponibilidade === 3);
    expect(soldUnits).toHaveLength(rows('reservas').filter((r) => r.situacao === 'Vendida').length);
    expect(rows('unidades').every((u) => projectIds.has(u.idempreendimento))).toBe(true);
    expect(new Set(rows('unidades').map((u) => u.situacao_mapa_disponibilidade))).toEqual(new Set([1, 2, 3, 4, 5]));

    const sold = rows('reservas').filter((r) => r.situacao === 'Vendida' || r.situacao === 'Distrato').map((r) => r.idreserva);
    expect(rows('vendas').map((v) => v.idreserva).sort()).toEqual(sold.sort());
    const distratos = rows('reservas').filter((r) => r.situacao === 'Distrato').map((r) => r.idreserva);
    expect(rows('distratos').map((d) => d.idreserva).sort()).toEqual(distratos.sort());
    expect(rows('distratos').every((d) => typeof d.motivo_distrato === 'string')).toBe(true);
  });

  it('repeats the reservation facts on its sale', () => {
    const reservas = new Map(rows('reservas').map((r) => [r.idreserva, r]));
    for (const v of rows('vendas')) {
      const r = reservas.get(v.idreserva);
      for (const field of ['referencia_data', 'data_venda', 'valor_contrato', 'cliente', 'documento_cliente', 'idcorretor', 'corretor', 'imobiliaria', 'idempreendimento', 'idunidade', 'midia', 'tipovenda']) {
        expect(v[field], field).toEqual(r?.[field]);
      }
    }
  });
});

describe('realistic pt-BR data', () => {
  it('has valid CPFs, e-mails, Brazilian cities and the business fields', () => {
    for (const r of rows('reservas')) {
      expect(isValidCpf(String(r.documento_cliente)), String(r.documento_cliente)).toBe(true);
      expect(r.email).toMatch(/^[a-z0-9._]+@[a-z.]+$/);
      expect(r.cep_cliente).toMatch(/^\d{8}$/);
      expect(['Masculino', 'Feminino']).toContain(r.sexo);
      for (const field of ['idcorretor', 'corretor', 'imobiliaria', 'nome_time', 'tipovenda', 'cliente', 'renda', 'idade', 'valor_contrato', 'data_cad', 'empreendimento', 'idempreendimento', 'idunidade', 'unidade', 'bloco', 'etapa', 'ativo']) {
        expect(r, field).toHaveProperty(field);
      }
    }
    const midias = new Set(rows('reservas').map((r) => r.midia));
    for (const midia of ['Instagram', 'Google', 'Facebook', 'Indicação', 'Site']) expect(midias).toContain(midia);
    expect(new Set(empreendimentos.map((e) => String(e.nome).split(' ')[0]))).toContain('Residencial');
    expect(new Set(rows('reservas').map((r) => r.nome_time)).size).toBeGreaterThan(1);
    expect(new Set(rows('reservas').map((r) => r.idcorretor)).size).toBeGreaterThan(10);
  });
});

describe('quirks of real data', () => {
  it('has null and zero referencia_data, zero data_cad, and keys sent as numbers', () => {
    const reservas = rows('reservas');
    expect(reservas.some((r) => r.referencia_data === null)).toBe(true);
    expect(reservas.some((r) => r.referencia_data === '0000-00-00 00:00:00')).toBe(true);
    expect(reservas.some((r) => r.data_cad === '0000-00-00 00:00:00')).toBe(true);
    expect(empreendimentos.some((e) => e.data_cad === '0000-00-00 00:00:00')).toBe(true);
    expect(reservas.some((r) => typeof r.referencia === 'number')).toBe(true);
    expect(reservas.filter((r) => typeof r.referencia === 'string').every((r) => /^\d+$/.test(String(r.referencia)))).toBe(true);
    expect(rows('reservas/condicoes').every((c) => /^\d+_\d+$/.test(String(c.referencia)))).toBe(true);
  });

  it('has runs of records sharing one referencia_data', () => {
    const counts = new Map<unknown, number>();
    for (const r of rows('reservas')) if (r.referencia_data !== null) counts.set(r.referencia_data, (counts.get(r.referencia_data) ?? 0) + 1);
    expect(Math.max(...[...counts.entries()].filter(([k]) => k !== '0000-00-00 00:00:00').map(([, n]) => n))).toBeGreaterThan(2);
  });

  it('has a bulk run longer than a 500-row page once there are 2,000 reservations', async () => {
    const big = await start({ scale: 2_500 });
    try {
      const counts = new Map<unknown, number>();
      for (const r of big.data.snapshot('reservas')) counts.set(r.referencia_data, (counts.get(r.referencia_data) ?? 0) + 1);
      expect(Math.max(...counts.values())).toBeGreaterThan(500);
    } finally {
      await big.stop();
    }
  });

  it('has HTML entities, nested arrays, unknown fields and numbers where the spec says string', () => {
    const reservas = rows('reservas');
    expect(reservas.some((r) => String(r.imobiliaria).includes('&amp;'))).toBe(true);
    expect(reservas.some((r) => /&[a-z]+;/.test(String(r.cliente)) && !String(r.cliente).includes('&amp;'))).toBe(true);
    expect(reservas.every((r) => Array.isArray(r.campos_adicionais) && Array.isArray(r.campos_adicionais_contrato))).toBe(true);
    expect(reservas.some((r) => (r.campos_adicionais_contrato as unknown[]).length > 0)).toBe(true);
    expect(rows('vendas').some((v) => Array.isArray(v.associados) && v.associados.length > 0)).toBe(true);
    expect(rows('unidades').every((u) => Array.isArray(u.plantas) && u.plantas.length > 0)).toBe(true);
    for (const resource of ['reservas', 'vendas', 'unidades', 'comissoes']) {
      const known = new Set(CATALOG.get(resource)?.fields.map((f) => f.name));
      const unknown = Object.keys(rows(resource)[0] ?? {}).filter((k) => !known.has(k));
      expect(unknown.length, resource).toBeGreaterThan(0);
    }
    expect(reservas.every((r) => typeof r.valor_contrato === 'number')).toBe(true);
    const textFields = new Set(CATALOG.get('unidades')?.fields.filter((f) => f.type === 'text').map((f) => f.name));
    expect(textFields.has('vagas_garagem')).toBe(true);
    expect(rows('unidades').every((u) => typeof u.vagas_garagem === 'number' && typeof u.valor === 'number')).toBe(true);
    expect(reservas.some((r) => /^\d+(, \d+)+$/.test(String(r.idlead)))).toBe(true);
  });

  it('has no bad records by default, and a configured fraction when asked', async () => {
    const clean = rows('reservas');
    expect(clean.every((r) => typeof r.valor_contrato === 'number' && 'referencia' in r && !String(r.data_venda).includes('-13-'))).toBe(true);
    const spoilt = await start({ scale: 600, seed: 42, badRecordRate: 0.05 });
    try {
      const served = await readAll(spoilt, 'reservas');
      expect(served.some((r) => r.valor_contrato === 'abc')).toBe(true);
      expect(served.some((r) => r.data_venda === '2024-13-45')).toBe(true);
      expect(served.some((r) => !('referencia' in r))).toBe(true);
      const bad = served.filter((r) => r.valor_contrato === 'abc' || r.data_venda === '2024-13-45' || !('referencia' in r));
      expect(bad.length).toBeGreaterThan(10);
      expect(bad.length).toBeLessThan(60);
    } finally {
      await spoilt.stop();
    }
  });
});
