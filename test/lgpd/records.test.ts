// The pure core of the data-subject requests: normalising who is asked about, matching a record
// field by field at any depth, and anonymising only personal fields.
import { describe, expect, it } from 'vitest';
import { getResource } from '../../src/cvdw/catalog/index.ts';
import { keepAnonymised } from '../../src/lgpd/keep-anonymised.ts';
import { anonymiseRecord, matchingFields, personalFieldsFor } from '../../src/lgpd/records.ts';
import { digestOf, parseSubject, subjectForms } from '../../src/lgpd/subject.ts';

describe('data subject', () => {
  it('normalises --cpf to digits and --email to lower case, and refuses both or neither', () => {
    expect(parseSubject({ cpf: '123.456.789-09' })).toEqual({ kind: 'cpf', value: '12345678909' });
    expect(parseSubject({ email: ' Ana@Exemplo.COM ' })).toEqual({ kind: 'email', value: 'ana@exemplo.com' });
    expect(() => parseSubject({})).toThrow(/--cpf ou --email/);
    expect(() => parseSubject({ cpf: '1', email: 'a@b' })).toThrow(/--cpf ou --email/);
    expect(() => parseSubject({ cpf: '123' })).toThrow(/11 dígitos/);
  });

  it('matches personal fields only, nested and formatted, and anonymises them leaving money and dates', () => {
    const personal = personalFieldsFor(getResource('reservas'));
    const forms = new Set(subjectForms(parseSubject({ cpf: '12345678909' }), { storage: 'full' }));
    const record = { referencia: '12345678909', valor_contrato: 1000, data_venda: '2026-01-01', titular: { documento: '123.456.789-09', cliente: 'Ana' } };
    expect(matchingFields(record, personal, forms)).toEqual(['titular.documento']);
    expect(matchingFields({ referencia: '12345678909' }, personal, forms)).toEqual([]);
    expect(anonymiseRecord(record, personal)).toEqual({
      referencia: '12345678909', valor_contrato: 1000, data_venda: '2026-01-01', titular: { documento: '[anonimizado]', cliente: '[anonimizado]' },
    });
  });

  it('keeps the records of an anonymised subject anonymised in a loaded page', () => {
    const spec = getResource('reservas');
    const digests = new Set([digestOf('ana@exemplo.com')]);
    const page = {
      rows: [
        { referencia: '1', email: 'ANA@exemplo.com', valor_contrato: 10, payload: { email: 'ANA@exemplo.com', valor_contrato: 10 } },
        { referencia: '2', email: 'bia@exemplo.com', valor_contrato: 20, payload: { email: 'bia@exemplo.com', valor_contrato: 20 } },
      ],
      rejections: [{ referencia: null, reason: 'x', payload: { email: 'ana@exemplo.com' } }],
      problems: [{ referencia: '1', field: 'email', raw: 'x', reason: 'y' }],
    };
    const kept = keepAnonymised(spec, page, digests);
    expect(kept.rows[0]).toMatchObject({ email: '[anonimizado]', valor_contrato: 10, payload: { email: '[anonimizado]', valor_contrato: 10 } });
    expect(kept.rows[1]).toBe(page.rows[1]);
    expect(kept.rejections[0]!.payload).toEqual({ email: '[anonimizado]' });
    expect(kept.problems[0]!.raw).toBeNull();
  });
});
