import { afterEach, describe, expect, it } from 'vitest';
import { dataFields, getResource, type ResourceSpec } from '../../src/cvdw/catalog/index.ts';
import { hmacValue, mapRecord, type MapResult, type MirrorRow } from '../../src/sync/map-record.ts';

const reservas = getResource('reservas');
const unidades = getResource('unidades');
const empreendimentos = getResource('empreendimentos');
const SECRET = 'chave-de-teste-0123456789';

function rowOf(result: MapResult): MirrorRow {
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  return result.row;
}

function rejection(result: MapResult): { reason: string; referencia: string | null } {
  if (result.ok) throw new Error('expected a rejection');
  return { reason: result.reason, referencia: result.referencia };
}

const reserva = {
  referencia: '437',
  referencia_data: '2024-08-10 14:05:09',
  ativo: 'S',
  idreserva: 437,
  data_cad: '0000-00-00 00:00:00',
  data_venda: '10/08/2024',
  situacao: 'Vendida',
  empreendimento: 'Residencial Ip&ecirc; &amp; Jacarand&aacute;',
  cliente: 'Maria Souza',
  email: 'Maria.Souza@Example.com',
  documento_cliente: '123.456.789-09',
  valor_contrato: 350000.5,
  valor_financiamento: '1.234,56',
  valor_fgts: '1234.5',
  valor_subsidio: null,
  idcorretor: '77',
  campos_adicionais: [{ idcampo: 3, nome: 'Origem', valores: [['a', 'b'], { x: [1, [2, [3]]] }] }],
  campo_novo_2027: { detalhe: 'mantido' },
};

describe('mapRecord', () => {
  it('maps a record to typed columns and keeps it whole in payload', () => {
    const row = rowOf(mapRecord(reservas, reserva));
    expect(row.referencia).toBe('437');
    expect(row.referencia_data).toBe('2024-08-10 14:05:09');
    expect(row.idreserva).toBe(437);
    expect(row.idcorretor).toBe(77);
    expect(row.data_cad).toBeNull();
    expect(row.data_venda).toBe('2024-08-10 00:00:00');
    expect(row.empreendimento).toBe('Residencial Ipê & Jacarandá');
    expect(row.valor_contrato).toBe(350000.5);
    expect(row.valor_financiamento).toBe(1234.56);
    expect(row.valor_fgts).toBe(1234.5);
    expect(row.valor_subsidio).toBeNull();
    expect(row.cliente).toBe('Maria Souza');
    expect(row.email).toBe('Maria.Souza@Example.com');
    expect(row.payload).toEqual(reserva);
    // Not a copy: the record itself is the payload (the mirror writes the JSON text already made).
    expect(row.payload).toBe(reserva);
  });

  it('has a key for every catalog field (null when absent) and none for unknown fields', () => {
    const row = rowOf(mapRecord(reservas, { referencia: '1' }));
    const expected = ['referencia', 'referencia_data', 'payload', ...dataFields(reservas).map((f) => f.name)];
    expect(Object.keys(row).sort()).toEqual(expected.sort());
    for (const f of dataFields(reservas)) expect(row[f.name], f.name).toBeNull();
    const withUnknown = rowOf(mapRecord(reservas, reserva));
    expect(Object.hasOwn(withUnknown, 'campo_novo_2027')).toBe(false);
    expect((withUnknown.payload as Record<string, unknown>).campo_novo_2027).toEqual({ detalhe: 'mantido' });
  });

  it('keeps nested arrays in json columns and in payload', () => {
    const row = rowOf(mapRecord(reservas, reserva));
    expect(row.campos_adicionais).toEqual(reserva.campos_adicionais);
    expect((row.payload as typeof reserva).campos_adicionais).toEqual(reserva.campos_adicionais);
    const unit = rowOf(mapRecord(unidades, { referencia: '9', plantas: [{ arquivo: 'p.pdf', tags: ['a'] }] }));
    expect(unit.plantas).toEqual([{ arquivo: 'p.pdf', tags: ['a'] }]);
  });

  it('turns a JSON number referencia into text', () => {
    expect(rowOf(mapRecord(reservas, { ...reserva, referencia: 437 })).referencia).toBe('437');
    expect(rowOf(mapRecord(reservas, { referencia: '  193_30 ' })).referencia).toBe('193_30');
  });

  it('keys projects by idempreendimento and gives them no referencia_data', () => {
    const row = rowOf(mapRecord(empreendimentos, {
      idempreendimento: 12, nome: 'Vila &amp; Parque', situacao_comercial: [{ nome: 'Lançamento' }], referencia_data: '2024-01-01 00:00:00',
    }));
    expect(row.referencia).toBe('12');
    expect(row.referencia_data).toBeNull();
    expect(row.idempreendimento).toBe(12);
    expect(row.nome).toBe('Vila & Parque');
    expect(row.situacao_comercial).toEqual([{ nome: 'Lançamento' }]);
  });

  it('reads DD/MM/YYYY dates and zero dates of units', () => {
    const row = rowOf(mapRecord(unidades, { referencia: '5', data_entrega: '31/12/2026', data_bloqueio: '00/00/0000', valor: '250.000,00' }));
    expect(row.data_entrega).toBe('2026-12-31 00:00:00');
    expect(row.data_bloqueio).toBeNull();
    expect(row.valor).toBe(250000);
  });

  it('gives a zero referencia_data as null', () => {
    expect(rowOf(mapRecord(reservas, { referencia: '1', referencia_data: '0000-00-00 00:00:00' })).referencia_data).toBeNull();
    expect(rowOf(mapRecord(reservas, { referencia: '1', referencia_data: null })).referencia_data).toBeNull();
  });

  describe('rejections', () => {
    it.each([
      [{ referencia_data: '2024-01-01' }, /missing or invalid key referencia/],
      [{ referencia: '' }, /missing or invalid key referencia/],
      [{ referencia: '   ' }, /missing or invalid key referencia/],
      [{ referencia: null }, /missing or invalid key referencia/],
      [{ referencia: { id: 1 } }, /missing or invalid key referencia/],
      [{ referencia: Number.NaN }, /missing or invalid key referencia/],
      [{ referencia: 'x'.repeat(201) }, /missing or invalid key referencia/],
    ])('%j has no usable key', (record, reason) => {
      const result = rejection(mapRecord(reservas, record));
      expect(result.reason).toMatch(reason);
      expect(result.referencia).toBeNull();
    });

    it('rejects a project without idempreendimento, naming that key', () => {
      expect(rejection(mapRecord(empreendimentos, { referencia: '1', nome: 'X' })).reason).toBe('missing or invalid key idempreendimento');
    });

    it.each([null, 'texto', 42, [{ referencia: '1' }]])('rejects %j, which is no object', (record) => {
      expect(rejection(mapRecord(reservas, record))).toEqual({ reason: 'record is not a JSON object', referencia: null });
    });

    it('rejects nesting deeper than 32 levels without overflowing the stack', () => {
      let deep: unknown = 'fundo';
      for (let i = 0; i < 40; i++) deep = { nivel: deep };
      expect(rejection(mapRecord(reservas, { referencia: '1', extra: deep })).reason).toMatch(/nesting deeper than 32/);
      let veryDeep: unknown = 1;
      for (let i = 0; i < 200_000; i++) veryDeep = [veryDeep];
      expect(rejection(mapRecord(reservas, { referencia: '2', extra: veryDeep })).reason).toMatch(/nesting deeper than 32/);
    });

    it('accepts nesting up to the limit', () => {
      let deep: unknown = 'fundo';
      for (let i = 0; i < 30; i++) deep = [deep];
      expect(mapRecord(reservas, { referencia: '1', campos_adicionais: deep }).ok).toBe(true);
    });

    it('rejects a record larger than a million characters', () => {
      expect(rejection(mapRecord(reservas, { referencia: '3', extra: 'x'.repeat(1_000_001) })).reason).toMatch(/larger than/);
    });
  });

  describe('a value its column cannot hold', () => {
    it.each([
      [{ valor_contrato: 'R$ abc' }, 'valor_contrato', 'R$ abc', 'número ilegível'],
      [{ valor_contrato: '12,345.67' }, 'valor_contrato', '12,345.67', 'número ilegível'],
      [{ idreserva: 1.5 }, 'idreserva', '1.5', 'esperava um número inteiro'],
      [{ data_venda: '31/02/2024' }, 'data_venda', '31/02/2024', 'data impossível'],
      [{ data_venda: 'amanhã' }, 'data_venda', 'amanhã', 'data ilegível'],
      [{ referencia_data: '2024-02-30 10:00:00' }, 'referencia_data', '2024-02-30 10:00:00', 'data impossível'],
      [{ cliente: { nome: 'Maria' } }, 'cliente', '{"nome":"Maria"}', 'esperava texto, veio um objeto'],
    ])('%j leaves the column null, keeps the record and names the problem', (override, field, raw, reason) => {
      const record = { ...reserva, ...override };
      const result = mapRecord(reservas, record);
      const row = rowOf(result);
      expect(row[field]).toBeNull();
      expect(row.payload).toEqual(record);
      expect(row.referencia).toBe('437');
      expect(result.ok && result.problems).toEqual([{ field, raw, reason }]);
    });

    it('keeps every other typed column of the record', () => {
      const result = mapRecord(reservas, { ...reserva, valor_contrato: 'R$ abc', data_venda: '2024-13-45' });
      const row = rowOf(result);
      expect(row.idreserva).toBe(437);
      expect(row.valor_financiamento).toBe(1234.56);
      expect(row.referencia_data).toBe('2024-08-10 14:05:09');
      expect(result.ok && result.problems.map((p) => p.field)).toEqual(['data_venda', 'valor_contrato']);
    });

    it('lists no problem for a readable record', () => {
      const result = mapRecord(reservas, reserva);
      expect(result.ok && result.problems).toEqual([]);
    });

    it('bounds the raw value it reports', () => {
      const result = mapRecord(reservas, { referencia: '1', valor_contrato: 'x'.repeat(5000) });
      const raw = result.ok ? result.problems[0]?.raw : undefined;
      expect(raw?.length).toBeLessThanOrEqual(501);
    });

    it('keeps no personal value in clear with PII_STORAGE=hashed, and the reason never quotes one', () => {
      const bad = { ...reserva, renda: 'R$ 4.500 por mês, Maria', idade: 'trinta e dois', valor_contrato: 'R$ abc' };
      const hashedResult = mapRecord(reservas, bad, { storage: 'hashed', hmacSecret: SECRET });
      expect(hashedResult.ok && hashedResult.problems).toEqual([
        { field: 'renda', raw: null, reason: 'número ilegível' },
        { field: 'idade', raw: null, reason: 'número ilegível' },
        { field: 'valor_contrato', raw: 'R$ abc', reason: 'número ilegível' },
      ]);
      const fullResult = mapRecord(reservas, bad);
      expect(fullResult.ok && fullResult.problems.find((p) => p.field === 'renda')?.raw).toBe('R$ 4.500 por mês, Maria');
    });
  });

  describe('hostile keys', () => {
    afterEach(() => {
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    const hostileJson = '{"referencia":"66","__proto__":{"polluted":"sim","referencia":"x"},"constructor":{"prototype":{"polluted":"sim"}},' +
      '"prototype":{"polluted":"sim"},"email":"a@b.com","campos_adicionais":[{"__proto__":{"polluted":"sim"}}]}';

    it.each(['full', 'hashed'] as const)('keeps __proto__ and constructor as plain data (%s storage)', (storage) => {
      const record: unknown = JSON.parse(hostileJson);
      const row = rowOf(mapRecord(reservas, record, { storage, hmacSecret: SECRET }));
      expect(row.referencia).toBe('66');
      const payload = row.payload as Record<string, unknown>;
      expect(Object.hasOwn(payload, '__proto__')).toBe(true);
      expect(Object.hasOwn(payload, 'constructor')).toBe(true);
      // The record as parsed (full) or its hashed copy, built without a prototype so that a
      // "__proto__" key stays data (hashed): never a prototype the record chose.
      expect(Object.getPrototypeOf(payload)).toBe(storage === 'full' ? Object.prototype : null);
      expect(payload.polluted).toBeUndefined();
      // Round trip to the database is through JSON: the keys survive as data.
      const expected = JSON.parse(hostileJson) as Record<string, unknown>;
      if (storage === 'hashed') expected.email = hmacValue('a@b.com', SECRET);
      expect(JSON.parse(JSON.stringify(row.payload))).toEqual(expected);
      expect(JSON.stringify(row.payload)).toContain('"__proto__":{"polluted":"sim","referencia":"x"}');
    });

    it('never reads the key from the prototype chain', () => {
      const inherited = Object.create({ referencia: '99', idreserva: 99 }) as Record<string, unknown>;
      expect(rejection(mapRecord(reservas, inherited)).reason).toMatch(/missing or invalid key/);
      const withOwnKey = Object.assign(Object.create({ idreserva: 99 }) as object, { referencia: '7' });
      expect(rowOf(mapRecord(reservas, withOwnKey)).idreserva).toBeNull();
    });

    it('does not pick up Object.prototype members as field values', () => {
      // A resource whose fields are named like Object.prototype members reads nothing when absent.
      const spec: ResourceSpec = {
        ...reservas,
        fields: [...reservas.fields, { name: 'constructor', type: 'text', pii: false }, { name: 'toString', type: 'text', pii: false }],
      };
      const row = rowOf(mapRecord(spec, { referencia: '5' }));
      expect(row.constructor).toBeNull();
      expect(row.toString).toBeNull();
      const given = rowOf(mapRecord(spec, { referencia: '6', constructor: 'Construtora &amp; Filhos' }));
      expect(given.constructor).toBe('Construtora & Filhos');
    });
  });

  describe('personal data', () => {
    const full = rowOf(mapRecord(reservas, reserva));
    const hashed = rowOf(mapRecord(reservas, reserva, { storage: 'hashed', hmacSecret: SECRET }));

    it('keeps identifiers in full storage', () => {
      expect(full.email).toBe('Maria.Souza@Example.com');
      expect(full.documento_cliente).toBe('123.456.789-09');
    });

    it('replaces email and documento_cliente with keyed hashes in columns and payload', () => {
      expect(hashed.email).toMatch(/^hmac:[0-9a-f]{32}$/);
      expect(hashed.documento_cliente).toMatch(/^hmac:[0-9a-f]{32}$/);
      const payload = hashed.payload as Record<string, unknown>;
      expect(payload.email).toBe(hashed.email);
      expect(payload.documento_cliente).toBe(hashed.documento_cliente);
      const text = JSON.stringify(hashed);
      expect(text).not.toContain('Maria.Souza@Example.com');
      expect(text.toLowerCase()).not.toContain('maria.souza@example.com');
      expect(text).not.toContain('123.456.789-09');
    });

    it('hashes the same input to the same value, regardless of case and spaces', () => {
      const again = rowOf(mapRecord(reservas, { ...reserva, email: '  maria.souza@example.COM ' }, { storage: 'hashed', hmacSecret: SECRET }));
      expect(again.email).toBe(hashed.email);
      expect(again.documento_cliente).toBe(hashed.documento_cliente);
      expect(hashed.email).toBe(hmacValue('maria.souza@example.com', SECRET));
    });

    it('gives different people and different secrets different hashes', () => {
      const other = rowOf(mapRecord(reservas, { ...reserva, email: 'joao@example.com' }, { storage: 'hashed', hmacSecret: SECRET }));
      expect(other.email).not.toBe(hashed.email);
      const otherKey = rowOf(mapRecord(reservas, reserva, { storage: 'hashed', hmacSecret: 'outra-chave-0123456789' }));
      expect(otherKey.email).not.toBe(hashed.email);
    });

    it('leaves business fields and empty identifiers alone', () => {
      expect(hashed.valor_contrato).toBe(350000.5);
      expect(hashed.cliente).toBe('Maria Souza');
      const empty = rowOf(mapRecord(reservas, { referencia: '1', email: '', documento_cliente: null }, { storage: 'hashed', hmacSecret: SECRET }));
      expect(empty.email).toBe('');
      expect(empty.documento_cliente).toBeNull();
    });

    it('does not change the record it was given', () => {
      const copy = structuredClone(reserva);
      mapRecord(reservas, copy, { storage: 'hashed', hmacSecret: SECRET });
      expect(copy).toEqual(reserva);
    });
  });
});
