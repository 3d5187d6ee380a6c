import { describe, expect, it } from 'vitest';
import {
  CATALOG, CORE_RESOURCES, expandResources, getResource, resolveResourceName, tableNameOf, type FieldType, type ResourceSpec,
} from '../../src/cvdw/catalog/index.ts';
import { BOOKKEEPING_COLUMNS } from '../../src/db/ddl/mirror-ddl.ts';

/** Every endpoint of CV CRM's CVDW OpenAPI description (69, Feb 2025). */
const CVDW_PATHS = [
  'agendamentos/vistorias', 'assistencias', 'assistencias/itens', 'assistencias/itens/workflow/tempo',
  'assistencias/visitas/workflow/tempo', 'assistencias/workflow/tempo', 'atendimentos', 'atendimentos/interacoes',
  'atendimentos/respostas', 'atendimentos/tarefas', 'atendimentos/times', 'atendimentos/times/integrantes',
  'atendimentos/workflow/tempo', 'campanhas_ativacao', 'campos_adicionais', 'comissoes', 'comissoes/pagamentos',
  'comissoes/workflow/tempo', 'corretores', 'demandas', 'distratos', 'imobiliarias', 'leads', 'leads/conversoes',
  'leads/corretores', 'leads/ganhos', 'leads/historico/situacoes', 'leads/infos', 'leads/interacoes', 'leads/momentos',
  'leads/perdas', 'leads/tarefas', 'leads/visitas', 'leads/workflow/tempo', 'pesquisas', 'pesquisas/perguntas',
  'pesquisas/respostas', 'pessoas', 'pessoas/bancarios', 'pessoas/bens-empresa', 'pessoas/contatos', 'pessoas/financeiros',
  'pessoas/patrimoniais', 'pessoas/profissional', 'precadastro/historico/situacoes', 'precadastro/workflow/tempo',
  'precadastros', 'processos', 'repasses', 'repasses/historico/situacoes', 'repasses/workflow/tempo', 'reservas',
  'reservas/associados', 'reservas/campos-adicionais', 'reservas/comissoes', 'reservas/comissoes/programacao',
  'reservas/condicoes', 'reservas/contratos', 'reservas/coordenador', 'reservas/historico', 'reservas/historico/situacoes',
  'reservas/registros/flags', 'reservas/sienge', 'reservas/workflow/tempo', 'simulacoes', 'unidades', 'unidades/precos',
  'usuarios_administrativos', 'vendas',
];

function field(resource: string, name: string) {
  const found = getResource(resource).fields.find((f) => f.name === name);
  if (found === undefined) throw new Error(`${resource} has no field ${name}`);
  return found;
}

describe('the catalog', () => {
  it('holds all 69 CVDW endpoints plus empreendimentos, and nothing else', () => {
    expect(CVDW_PATHS).toHaveLength(69);
    expect([...CATALOG.keys()].sort()).toEqual([...CVDW_PATHS, 'empreendimentos'].sort());
    expect(CATALOG.size).toBe(70);
  });

  it('describes each CVDW endpoint by its path', () => {
    for (const path of CVDW_PATHS) {
      const spec = CATALOG.get(path)!;
      expect(spec.name).toBe(path);
      expect(spec.urlPath).toBe(`/api/v1/cvdw/${path}`);
      expect(spec.kind).toBe('cvdw');
      expect(spec.keyField).toBe('referencia');
      expect(spec.table).toBe(path.replace(/[/-]/g, '_'));
      expect(spec.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['referencia', 'referencia_data']));
      expect(field(path, 'referencia_data').type).toBe('timestamp');
    }
  });

  it('reads projects from the cadastros API, keyed by idempreendimento', () => {
    const spec = getResource('empreendimentos');
    expect(spec).toMatchObject({
      name: 'empreendimentos', table: 'empreendimentos', urlPath: '/api/v1/cadastros/empreendimentos',
      kind: 'cadastro', keyField: 'idempreendimento', emptyIs204: false,
    });
    expect(field('empreendimentos', 'idempreendimento').type).toBe('integer');
    expect(field('empreendimentos', 'situacao_comercial').type).toBe('json');
    expect(field('empreendimentos', 'tipo_empreendimento').type).toBe('json');
    expect(field('empreendimentos', 'nome').type).toBe('text');
  });

  it('gives every resource a unique table name', () => {
    const tables = [...CATALOG.values()].map((s) => s.table);
    expect(new Set(tables).size).toBe(tables.length);
    for (const table of tables) expect(table).toMatch(/^[a-z_]+$/);
  });

  it('gives each resource unique field names that do not clash with the bookkeeping columns', () => {
    for (const spec of CATALOG.values()) {
      const names = spec.fields.map((f) => f.name);
      expect(new Set(names).size, spec.name).toBe(names.length);
      for (const reserved of BOOKKEEPING_COLUMNS) expect(names, spec.name).not.toContain(reserved);
      expect(names.filter((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)), spec.name).toEqual([]);
    }
  });

  it('uses only the known column types', () => {
    const types: readonly FieldType[] = ['text', 'integer', 'numeric', 'timestamp', 'json'];
    const odd = [...CATALOG.values()].flatMap((spec) => spec.fields.filter((f) => !types.includes(f.type)).map((f) => `${spec.name}.${f.name}`));
    expect(odd).toEqual([]);
  });

  it('is frozen data', () => {
    const spec = getResource('reservas') as { table: string };
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(getResource('reservas').fields)).toBe(true);
    expect(() => {
      spec.table = 'x';
    }).toThrow(TypeError);
  });

  it('marks the endpoints that answer 204 when empty', () => {
    const with204 = [...CATALOG.values()].filter((s) => s.emptyIs204).map((s) => s.name).sort();
    expect(with204).toEqual(['atendimentos', 'leads', 'pessoas', 'precadastros']);
  });
});

describe('the core set', () => {
  it('is the contract default', () => {
    expect([...CORE_RESOURCES]).toEqual(['reservas', 'reservas/condicoes', 'comissoes', 'unidades', 'vendas', 'distratos', 'empreendimentos']);
  });

  it.each([
    ['reservas', 'reservas', '/api/v1/cvdw/reservas'],
    ['reservas/condicoes', 'reservas_condicoes', '/api/v1/cvdw/reservas/condicoes'],
    ['comissoes', 'comissoes', '/api/v1/cvdw/comissoes'],
    ['unidades', 'unidades', '/api/v1/cvdw/unidades'],
    ['vendas', 'vendas', '/api/v1/cvdw/vendas'],
    ['distratos', 'distratos', '/api/v1/cvdw/distratos'],
    ['empreendimentos', 'empreendimentos', '/api/v1/cadastros/empreendimentos'],
  ])('%s → cvdw.%s from %s', (name, table, urlPath) => {
    const spec: ResourceSpec = getResource(name);
    expect(spec.table).toBe(table);
    expect(spec.urlPath).toBe(urlPath);
  });

  it('has the fields the business tables are built from, with their types', () => {
    const expected: [string, string, FieldType][] = [
      ['reservas', 'idreserva', 'integer'],
      ['reservas', 'valor_contrato', 'numeric'],
      ['reservas', 'data_venda', 'timestamp'],
      ['reservas', 'data_cad', 'timestamp'],
      ['reservas', 'data_cancelamento', 'timestamp'],
      ['reservas', 'campos_adicionais', 'json'],
      ['reservas', 'valor_financiamento', 'numeric'],
      ['reservas', 'valor_fgts', 'numeric'],
      ['reservas', 'valor_subsidio', 'numeric'],
      ['reservas', 'idempreendimento', 'integer'],
      ['reservas', 'idunidade', 'integer'],
      ['reservas', 'idcorretor', 'integer'],
      ['reservas', 'situacao', 'text'],
      ['reservas', 'ativo', 'text'],
      ['reservas', 'nome_time', 'text'],
      ['reservas', 'tipovenda', 'text'],
      ['reservas', 'midia', 'text'],
      ['reservas', 'corretor', 'text'],
      ['reservas', 'empreendimento', 'text'],
      ['comissoes', 'idreserva', 'integer'],
      ['comissoes', 'valor_comissao', 'numeric'],
      ['comissoes', 'porcentagem_comissao', 'numeric'],
      ['comissoes', 'ativo', 'text'],
      ['reservas/condicoes', 'idreserva', 'integer'],
      ['reservas/condicoes', 'valor', 'numeric'],
      ['reservas/condicoes', 'parcela_quantidade', 'integer'],
      ['unidades', 'idunidade', 'integer'],
      ['unidades', 'valor', 'numeric'],
      ['unidades', 'valor_avaliacao', 'numeric'],
      ['unidades', 'idempreendimento', 'integer'],
      ['unidades', 'area_privativa', 'numeric'],
      ['unidades', 'situacao_mapa_disponibilidade', 'integer'],
      ['unidades', 'vagas_garagem', 'text'],
      ['unidades', 'plantas', 'json'],
      ['unidades', 'data_entrega', 'timestamp'],
      ['vendas', 'valor_contrato', 'numeric'],
      ['vendas', 'data_venda', 'timestamp'],
      ['distratos', 'idreserva', 'integer'],
      ['unidades/precos', 'valor', 'numeric'],
    ];
    for (const [resource, name, type] of expected) expect(field(resource, name).type, `${resource}.${name}`).toBe(type);
  });

  it('has no ativo on unidades (the API sends none)', () => {
    expect(getResource('unidades').fields.map((f) => f.name)).not.toContain('ativo');
  });
});

describe('personal data flags', () => {
  it.each([
    ['reservas', ['cliente', 'email', 'documento_cliente', 'renda', 'idade', 'sexo', 'estado_civil', 'cep_cliente']],
    ['vendas', ['cliente', 'email', 'documento_cliente']],
    ['comissoes', ['cliente', 'cep_cliente']],
    ['distratos', ['cliente', 'documento']],
    ['leads', ['email', 'telefone', 'documento_cliente', 'nome']],
    ['leads/perdas', ['nome', 'email', 'telefone']],
    ['precadastros', ['pessoa']],
  ])('%s marks %j as personal data', (resource, names) => {
    for (const name of names) expect(field(resource, name).pii, `${resource}.${name}`).toBe(true);
  });

  it.each([
    ['reservas', ['idreserva', 'corretor', 'empreendimento', 'valor_contrato', 'situacao', 'data_venda', 'midia']],
    ['comissoes', ['corretor', 'valor_comissao']],
    ['unidades', ['idunidade', 'valor', 'bloco']],
    ['empreendimentos', ['nome', 'cidade']],
  ])('%s leaves business fields %j unflagged', (resource, names) => {
    for (const name of names) expect(field(resource, name).pii, `${resource}.${name}`).toBe(false);
  });
});

describe('resolveResourceName', () => {
  it.each([
    ['reservas', 'reservas'],
    ['reservas/condicoes', 'reservas/condicoes'],
    ['/reservas/condicoes', 'reservas/condicoes'],
    ['reservas/condicoes/', 'reservas/condicoes'],
    ['  reservas/condicoes  ', 'reservas/condicoes'],
    ['reservas_condicoes', 'reservas/condicoes'],
    ['/api/v1/cvdw/reservas/condicoes', 'reservas/condicoes'],
    ['api/v1/cvdw/comissoes', 'comissoes'],
    ['reservas/campos-adicionais', 'reservas/campos-adicionais'],
    ['reservas_campos_adicionais', 'reservas/campos-adicionais'],
    ['pessoas_bens_empresa', 'pessoas/bens-empresa'],
    ['campos_adicionais', 'campos_adicionais'],
    ['usuarios_administrativos', 'usuarios_administrativos'],
    ['empreendimentos', 'empreendimentos'],
  ])('%j → %s', (input, expected) => {
    expect(resolveResourceName(input)).toBe(expected);
  });

  it.each(['', 'propostas', 'reservas/condicao', 'reservas-condicoes', 'cvdw/reservas', '../reservas', 'all'])('%j is unknown', (input) => {
    expect(resolveResourceName(input)).toBeUndefined();
  });

  it('getResource throws for an unknown name and resolves table names', () => {
    expect(() => getResource('propostas')).toThrow(/propostas/);
    expect(getResource('reservas_condicoes').name).toBe('reservas/condicoes');
  });

  it('tableNameOf turns slashes and hyphens into underscores', () => {
    expect(tableNameOf('reservas/comissoes/programacao')).toBe('reservas_comissoes_programacao');
    expect(tableNameOf('pessoas/bens-empresa')).toBe('pessoas_bens_empresa');
  });
});

describe('expandResources', () => {
  it('expands all into the whole catalog, in a stable order', () => {
    const all = expandResources(['all']);
    expect(all).toHaveLength(70);
    expect(all).toEqual([...CATALOG.keys()]);
    expect(expandResources(['reservas', 'all'])).toEqual(all);
  });

  it('resolves each name to its catalog name, keeping the order given', () => {
    expect(expandResources(['unidades', 'reservas_condicoes', '/comissoes'])).toEqual(['unidades', 'reservas/condicoes', 'comissoes']);
  });

  it('throws for an unknown name', () => {
    expect(() => expandResources(['reservas', 'propostas'])).toThrow(/propostas/);
  });
});
