// The HTTP contract of the real CVDW API: paths, credentials, paging, ordering, date filters,
// errors and the plain cadastros array.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/cvdw/catalog/index.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { AUTH, get, orderKey, page, readAll, start, type Row } from './http-client.ts';

let sim: RunningSimulator;
let strict: RunningSimulator;

beforeAll(async () => {
  sim = await start({ scale: 600 });
  strict = await start({ scale: 100, acceptsTimeInDateFilter: false });
});
afterAll(async () => {
  await sim.stop();
  await strict.stop();
});

describe('credentials and routes', () => {
  it('answers bad or missing credentials with the exact 401 body', async () => {
    for (const headers of [{ email: AUTH.email, token: 'f'.repeat(40) }, { email: 'x@y.z', token: AUTH.token }, {}]) {
      const response = await get(sim, 'reservas', {}, headers);
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('{"mensagem":"E-mail e/ou token incorreto(s).","codigo":401}');
    }
    const cadastros = await fetch(`${sim.url}/api/v1/cadastros/empreendimentos`);
    expect(cadastros.status).toBe(401);
  });

  it('answers unknown paths with 404, and other methods with 405', async () => {
    for (const path of ['/api/v1/cvdw/nao-existe', '/api/v1/cvdw/reservas_condicoes', '/api/v2/cvdw/reservas', '/', '/api/v1/cvdw/']) {
      const response = await fetch(`${sim.url}${path}`, { headers: AUTH });
      expect(response.status, path).toBe(404);
    }
    const post = await fetch(`${sim.url}/api/v1/cvdw/reservas`, { method: 'POST', headers: AUTH });
    expect(post.status).toBe(405);
  });

  it('serves every CVDW resource of the catalog with a well-formed envelope', async () => {
    const cvdw = [...CATALOG.values()].filter((spec) => spec.kind === 'cvdw');
    expect(cvdw.length).toBeGreaterThan(60);
    for (const spec of cvdw) {
      const response = await fetch(`${sim.url}${spec.urlPath}?pagina=1&registros_por_pagina=3`, { headers: AUTH });
      expect(response.status, spec.name).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as { registros: number; total_de_registros: number; dados: Row[] };
      expect(Object.keys(body)).toEqual(['pagina', 'registros', 'total_de_registros', 'total_de_paginas', 'dados']);
      expect(body.registros).toBe(3);
      expect(body.total_de_registros).toBeGreaterThan(0);
      for (const row of body.dados) {
        expect(row).toHaveProperty('referencia');
        expect(row).toHaveProperty('referencia_data');
      }
    }
  });

  it('serves /cadastros/empreendimentos as a plain array', async () => {
    const response = await fetch(`${sim.url}/api/v1/cadastros/empreendimentos`, { headers: AUTH });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Row[];
    expect(Array.isArray(body)).toBe(true);
    expect(body.length).toBeGreaterThanOrEqual(8);
    for (const project of body) {
      expect(typeof project.idempreendimento).toBe('number');
      expect(project).toMatchObject({ idempreendimento_int: expect.any(String), nome: expect.any(String), cidade: expect.any(String), estado: expect.stringMatching(/^[A-Z]{2}$/) });
      expect(project.situacao_comercial).toEqual([{ nome: expect.any(String) }]);
      expect(project.tipo_empreendimento).toEqual([{ nome: expect.any(String) }]);
      for (const field of ['endereco', 'bairro', 'cep', 'data_cad']) expect(project).toHaveProperty(field);
    }
    expect(new Set(body.map((p) => p.nome)).size).toBe(body.length);
  });
});

describe('paging', () => {
  it('echoes the page size asked for in registros, not the rows sent', async () => {
    const second = await page(sim, 'reservas', { pagina: 2, registros_por_pagina: 7 });
    expect(second).toMatchObject({ pagina: 2, registros: 7, total_de_registros: 600, total_de_paginas: 86 });
    expect(second.dados).toHaveLength(7);
    const last = await page(sim, 'reservas', { pagina: 86, registros_por_pagina: 7 });
    expect(last.registros).toBe(7);
    expect(last.dados).toHaveLength(600 - 85 * 7);
  });

  it('defaults to page 1 of 30 rows and caps the page size at 500', async () => {
    const first = await page(sim, 'reservas');
    expect(first).toMatchObject({ pagina: 1, registros: 30, total_de_paginas: 20 });
    expect(first.dados).toHaveLength(30);
    const capped = await page(sim, 'reservas', { pagina: 1, registros_por_pagina: 1000 });
    expect(capped).toMatchObject({ registros: 500, total_de_paginas: 2 });
    expect(capped.dados).toHaveLength(500);
  });

  it('answers a page past the end with the totals and no rows', async () => {
    const past = await page(sim, 'reservas', { pagina: 99, registros_por_pagina: 500 });
    expect(past).toEqual({ pagina: 99, registros: 500, total_de_registros: 600, total_de_paginas: 2, dados: [] });
  });

  it('rejects a bad pagina or page size with 400', async () => {
    for (const [key, value] of [['pagina', '0'], ['pagina', 'abc'], ['registros_por_pagina', '-5']] as const) {
      const response = await get(sim, 'reservas', { [key]: value });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: `O campo ${key} não é válido`, code: 400 });
    }
  });

  it('orders rows by referencia_data, null and zero dates first, the same on every read', async () => {
    const rows = await readAll(sim, 'reservas');
    expect(rows).toHaveLength(600);
    expect(rows[0]?.referencia_data).toBeNull();
    const keys = rows.map((r) => orderKey(r.referencia_data));
    expect(keys).toEqual([...keys].sort());
    const firstDated = keys.findIndex((k) => k !== '');
    expect(keys.slice(firstDated).every((k) => k !== '')).toBe(true);
    expect(rows.some((r) => r.referencia_data === '0000-00-00 00:00:00')).toBe(true);
    // Small pages concatenate to the same sequence: ties are broken by a stable order.
    const small: Row[] = [];
    for (let pagina = 1; pagina <= 20; pagina += 1) small.push(...(await page(sim, 'reservas', { pagina, registros_por_pagina: 30 })).dados);
    expect(small.map((r) => r.referencia)).toEqual(rows.map((r) => r.referencia));
    expect(sim.data.snapshot('reservas')).toEqual(rows);
  });
});

describe('date filters', () => {
  let all: Row[];
  let middle: string;
  beforeAll(async () => {
    all = await readAll(sim, 'reservas');
    middle = String(all[300]?.referencia_data);
  });
  const dated = (): Row[] => all.filter((r) => orderKey(r.referencia_data) !== '');

  it('a_partir_data_referencia is inclusive and drops null and zero dates', async () => {
    const rows = await readAll(sim, 'reservas', { a_partir_data_referencia: middle });
    const expected = dated().filter((r) => String(r.referencia_data) >= middle);
    expect(rows.map((r) => r.referencia)).toEqual(expected.map((r) => r.referencia));
    expect(rows[0]?.referencia_data).toBe(middle);
  });

  it('ate_data_referencia is an inclusive upper bound, alone or with a lower bound', async () => {
    const upTo = await readAll(sim, 'reservas', { ate_data_referencia: middle });
    expect(upTo.map((r) => r.referencia)).toEqual(dated().filter((r) => String(r.referencia_data) <= middle).map((r) => r.referencia));
    expect(upTo.at(-1)?.referencia_data).toBe(middle);
    const lower = String(all[200]?.referencia_data);
    const between = await readAll(sim, 'reservas', { a_partir_data_referencia: lower, ate_data_referencia: middle });
    expect(between.map((r) => r.referencia)).toEqual(
      dated().filter((r) => String(r.referencia_data) >= lower && String(r.referencia_data) <= middle).map((r) => r.referencia),
    );
  });

  it('accepts bare dates: the lower bound from 00:00:00, the upper bound to the end of the day', async () => {
    const day = middle.slice(0, 10);
    const from = await readAll(sim, 'reservas', { a_partir_data_referencia: day });
    expect(from).toHaveLength(dated().filter((r) => String(r.referencia_data) >= `${day} 00:00:00`).length);
    const to = await readAll(sim, 'reservas', { ate_data_referencia: day });
    expect(to).toHaveLength(dated().filter((r) => String(r.referencia_data) <= `${day} 23:59:59`).length);
  });

  it('rejects the zero date and impossible dates with 400 naming the parameter', async () => {
    const cases = [
      ['a_partir_data_referencia', '0000-00-00 00:00:00'],
      ['a_partir_data_referencia', '2024-13-45'],
      ['a_partir_data_referencia', '2023-02-29 10:00:00'],
      ['ate_data_referencia', '0000-00-00'],
      ['ate_data_referencia', 'ontem'],
    ] as const;
    for (const [param, value] of cases) {
      const response = await get(sim, 'comissoes', { [param]: value });
      expect(response.status, `${param}=${value}`).toBe(400);
      expect(await response.text()).toBe(JSON.stringify({ error: `O campo ${param} não é válido`, code: 400 }));
    }
  });

  it('can refuse a time part in the date filters while accepting a bare date', async () => {
    const withTime = await get(strict, 'reservas', { a_partir_data_referencia: '2024-06-01 10:00:00' });
    expect(withTime.status).toBe(400);
    expect(await withTime.json()).toEqual({ error: 'O campo a_partir_data_referencia não é válido', code: 400 });
    const upper = await get(strict, 'reservas', { ate_data_referencia: '2024-06-01 10:00:00' });
    expect(upper.status).toBe(400);
    const bare = await get(strict, 'reservas', { a_partir_data_referencia: '2024-06-01' });
    expect(bare.status).toBe(200);
  });

  it('answers an empty result with an empty envelope, or 204 where the endpoint does', async () => {
    const future = { a_partir_data_referencia: '2099-01-01 00:00:00' };
    expect(await page(sim, 'reservas', future)).toEqual({ pagina: 1, registros: 30, total_de_registros: 0, total_de_paginas: 0, dados: [] });
    expect(CATALOG.get('leads')?.emptyIs204).toBe(true);
    const response = await get(sim, 'leads', future);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });
});
