// The resource catalog: every CVDW endpoint, with the core set refined by what live data shows.
import { CVDW_ENDPOINT_FIELDS } from './cvdw-endpoints.ts';
import type { FieldSpec, FieldType, ResourceSpec } from './resource-spec.ts';

export type { FieldSpec, FieldType, ResourceSpec } from './resource-spec.ts';

/** The sales core: what the sales figures need (tests and benchmarks sync this set). */
export const CORE_RESOURCES = [
  'reservas',
  'reservas/condicoes',
  'comissoes',
  'unidades',
  'vendas',
  'distratos',
  'empreendimentos',
] as const;

/**
 * The commercial funnel's resources (leads → visita → reserva → venda). Read incrementally by
 * referencia_data like the core, so after the first load each costs about one request a run.
 */
export const FUNNEL_RESOURCES = [
  'leads',
  'leads/visitas',
  'leads/historico/situacoes',
  'leads/perdas',
  'leads/ganhos',
  'precadastros',
] as const;

/** The resources synced when CVCRM_RESOURCES is not set. */
export const DEFAULT_RESOURCES = [...CORE_RESOURCES, ...FUNNEL_RESOURCES] as const;

/** Field names that carry personal data wherever they appear. */
const PII_FIELDS = new Set([
  'cliente', 'email', 'documento', 'documento_cliente', 'cpf', 'cnpj', 'rg', 'renda', 'idade', 'sexo',
  'estado_civil', 'cep_cliente', 'telefone', 'celular', 'data_nasc', 'nome_mae', 'nome_pai',
  'endereco', 'banco_conta', 'banco_agencia', 'banco_cpf_titular', 'banco_chave_pix', 'banco_nome_titular',
  'conjuge', 'documento_conjuge', 'email_conjuge', 'remuneracao_bruta', 'remuneracao_liquida',
]);

/** Person names under a generic field name: personal only in these resources (`nome` is a project's name elsewhere). */
const RESOURCE_PII_FIELDS: Readonly<Record<string, readonly string[]>> = {
  leads: ['nome'],
  'leads/perdas': ['nome'],
  'leads/ganhos': ['nome'],
  'leads/conversoes': ['nome'],
  precadastros: ['pessoa'],
};

/** Where live data contradicts the spec's types (numbers sent as numbers, keys sent as strings). */
const TYPE_OVERRIDES: Readonly<Record<string, Readonly<Record<string, FieldType>>>> = {
  unidades: { idunidade: 'integer', valor: 'numeric', valor_avaliacao: 'numeric' },
  'unidades/precos': { valor: 'numeric', valor_avaliacao: 'numeric' },
};

/** Endpoints documented to answer 204 with no body when nothing matches. */
const EMPTY_IS_204 = new Set(['leads', 'atendimentos', 'pessoas', 'precadastros']);

/**
 * `GET /api/v1/cadastros/empreendimentos`: a plain array, not CVDW. Address fields are not
 * confirmed by the spec; they are kept when present.
 */
const EMPREENDIMENTOS_FIELDS =
  'idempreendimento:integer idempreendimento_int nome situacao_comercial:json tipo_empreendimento:json ' +
  'cidade estado endereco bairro cep data_cad:timestamp data_entrega:timestamp';

function parseFields(resource: string, encoded: string): FieldSpec[] {
  const overrides = TYPE_OVERRIDES[resource] ?? {};
  const personal = RESOURCE_PII_FIELDS[resource] ?? [];
  return encoded.split(/\s+/).map((token) => {
    const [name = '', type = 'text'] = token.split(':');
    return { name, type: overrides[name] ?? (type as FieldType), pii: PII_FIELDS.has(name) || personal.includes(name) };
  });
}

export function tableNameOf(path: string): string {
  return path.replace(/[/-]/g, '_');
}

function buildCatalog(): ReadonlyMap<string, ResourceSpec> {
  const catalog = new Map<string, ResourceSpec>();
  for (const [path, encoded] of Object.entries(CVDW_ENDPOINT_FIELDS)) {
    catalog.set(path, Object.freeze({
      name: path,
      table: tableNameOf(path),
      urlPath: `/api/v1/cvdw/${path}`,
      kind: 'cvdw',
      keyField: 'referencia',
      fields: Object.freeze(parseFields(path, encoded)),
      emptyIs204: EMPTY_IS_204.has(path),
    }));
  }
  catalog.set('empreendimentos', Object.freeze({
    name: 'empreendimentos',
    table: 'empreendimentos',
    urlPath: '/api/v1/cadastros/empreendimentos',
    kind: 'cadastro',
    keyField: 'idempreendimento',
    fields: Object.freeze(parseFields('empreendimentos', EMPREENDIMENTOS_FIELDS)),
    emptyIs204: false,
  }));
  return catalog;
}

export const CATALOG: ReadonlyMap<string, ResourceSpec> = buildCatalog();

/** Accepts a CVDW path (`reservas/condicoes`, with or without slashes around) or its table name. */
export function resolveResourceName(name: string): string | undefined {
  const cleaned = name.trim().replace(/^\/+|\/+$/g, '').replace(/^api\/v1\/cvdw\//, '');
  if (CATALOG.has(cleaned)) return cleaned;
  for (const spec of CATALOG.values()) if (spec.table === cleaned) return spec.name;
  return undefined;
}

export function getResource(name: string): ResourceSpec {
  const resolved = resolveResourceName(name);
  const spec = resolved === undefined ? undefined : CATALOG.get(resolved);
  if (spec === undefined) throw new Error(`recurso desconhecido do CVDW: ${name}`);
  return spec;
}

/** Expands a configured list (which may be `['all']`) into catalog names, in a stable order. */
export function expandResources(names: readonly string[]): string[] {
  if (names.includes('all')) return [...CATALOG.keys()];
  return names.map((n) => getResource(n).name);
}

/**
 * The record fields a mirror table keeps in typed columns (referencia and referencia_data are
 * fixed columns of every table): what the mapping fills and the mirror DDL declares.
 */
export function dataFields(spec: ResourceSpec): FieldSpec[] {
  return spec.fields.filter((f) => f.name !== 'referencia' && f.name !== 'referencia_data');
}
