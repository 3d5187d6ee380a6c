// Finding a data subject in a record and anonymising it: a record belongs to the subject when any
// personal field, at any depth of the record, holds one of the subject's forms. Pure.
import type { ResourceSpec } from '../cvdw/catalog/index.ts';
import { normaliseValue } from './subject.ts';

export const ANONYMISED = '[anonimizado]';

/**
 * Field names that carry personal data wherever they appear (the business table's client columns
 * among them). Money and dates of the sale are never among them, so the figures stay.
 */
const ALWAYS_PERSONAL = [
  'cliente', 'cliente_email', 'cliente_documento', 'email', 'documento', 'documento_cliente', 'cpf', 'cnpj', 'rg',
  'renda', 'idade', 'sexo', 'estado_civil', 'cep_cliente', 'telefone', 'celular', 'data_nasc', 'nome_mae', 'nome_pai',
  'endereco', 'banco_conta', 'banco_agencia', 'banco_cpf_titular', 'banco_chave_pix', 'banco_nome_titular',
  'conjuge', 'documento_conjuge', 'email_conjuge', 'remuneracao_bruta', 'remuneracao_liquida',
];

/** The personal fields of a resource: the catalog's `pii` fields (`nome` of a lead) and the always-personal names. */
export function personalFieldsFor(spec: ResourceSpec | null): ReadonlySet<string> {
  return new Set([...ALWAYS_PERSONAL, ...(spec?.fields.filter((f) => f.pii).map((f) => f.name) ?? [])]);
}

/** The personal fields of a record (nested ones included) that hold one of `forms`. */
export function matchingFields(record: unknown, personal: ReadonlySet<string>, forms: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  walk(record, '', (path, key, value) => {
    if (personal.has(key) && isScalar(value) && forms.has(normaliseValue(String(value)))) found.add(path);
  });
  return [...found];
}

/** The personal fields of a record that hold a value (what an anonymisation replaces). */
export function personalFieldsOf(record: unknown, personal: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  walk(record, '', (path, key, value) => {
    if (personal.has(key) && value !== null && value !== '') found.add(path);
  });
  return [...found];
}

/** A copy of the record with every personal value replaced by the marker. */
export function anonymiseRecord<T>(record: T, personal: ReadonlySet<string>): T {
  return replace(record, personal) as T;
}

/** The normalised text of every personal scalar in the record: what a load compares with the anonymised subjects. */
export function personalValues(record: unknown, personal: ReadonlySet<string>): string[] {
  const values: string[] = [];
  walk(record, '', (_path, key, value) => {
    if (personal.has(key) && isScalar(value)) values.push(normaliseValue(String(value)));
  });
  return values;
}

function replace(value: unknown, personal: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => replace(v, personal));
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(copy, key, {
      value: personal.has(key) && inner !== null && inner !== '' ? ANONYMISED : replace(inner, personal),
      enumerable: true, writable: true, configurable: true,
    });
  }
  return copy;
}

function isScalar(value: unknown): value is string | number {
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));
}

function walk(value: unknown, path: string, visit: (path: string, key: string, value: unknown) => void): void {
  if (value === null || typeof value !== 'object') return;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  for (const [key, inner] of entries) {
    const innerPath = path === '' ? key : `${path}.${key}`;
    if (!Array.isArray(value)) visit(innerPath, key, inner);
    walk(inner, innerPath, visit);
  }
}
