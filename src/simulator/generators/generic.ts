// Every other CVDW resource: plausible records built from the catalog's field list (names and
// types), so each endpoint answers with a correctly shaped envelope. A few hundred records at
// most; the first two carry a null and a zero referencia_data, as real endpoints do.
import type { FieldSpec, ResourceSpec } from '../../cvdw/catalog/index.ts';
import { CITIES, MIDIAS } from '../names-ptbr.ts';
import { formatSortKey } from '../naive-time.ts';
import { cpf, emailFor, fullName, phone } from '../people.ts';
import { hashString, rngFor, TAG, type Rng } from '../rng.ts';
import { Timeline } from '../timeline.ts';
import { dt, parseId, refValue, type Rec } from './format.ts';
import { inRange, type GeneratorContext, type RecordSource } from './source.ts';

const ID_BASE = 1_001;

function textValue(field: string, rng: Rng, ctx: GeneratorContext, index: number): unknown {
  if (field === 'ativo' || field.startsWith('ativo_')) return rng.chance(0.95) ? 'S' : 'N';
  if (/^id[a-z]/.test(field)) return String(rng.int(1, 99_999));
  if (field.startsWith('codigointerno')) return rng.chance(0.5) ? null : `CI-${rng.int(100, 9_999)}`;
  if (field.includes('email')) return emailFor(rng, fullName(rng, 'Feminino'));
  if (field.includes('telefone') || field.includes('celular')) return phone(rng);
  if (field === 'documento' || field.includes('cpf') || field === 'documento_cliente') return cpf(rng);
  if (field.startsWith('cep')) return `${rng.pick(CITIES).cepPrefix}${String(rng.int(0, 99_999)).padStart(5, '0')}`;
  if (field === 'cidade') return rng.pick(CITIES).name;
  if (field === 'estado') return rng.pick(CITIES).uf;
  if (field === 'regiao') return rng.pick(CITIES).region;
  if (field === 'empreendimento' || field.startsWith('nome_empreendimento')) {
    return ctx.parties.project(index % ctx.world.projects).nome;
  }
  if (field.includes('midia')) return rng.pick(MIDIAS)[1];
  if (field === 'imobiliaria') return ctx.parties.broker(index % ctx.world.brokers).agency.nome;
  if (field === 'situacao' || field.endsWith('_nome') || field === 'situacao_atual') return rng.pick(['Ativo', 'Em andamento', 'Concluído', 'Cancelado']);
  if (/^(nome|cliente|corretor|usuario|responsavel|gestor|pessoa|vistoriador|sindico)/.test(field)) {
    return fullName(rng, rng.chance(0.5) ? 'Masculino' : 'Feminino');
  }
  if (field.includes('descricao') || field.includes('observac')) return `Registro ${index + 1}: ${field.replace(/_/g, ' ')}`;
  return rng.chance(0.2) ? null : `${field.replace(/_/g, ' ')} ${1 + (index % 50)}`;
}

function value(field: FieldSpec, rng: Rng, ctx: GeneratorContext, index: number, moment: number): unknown {
  switch (field.type) {
    case 'integer':
      return rng.int(1, 99_999);
    case 'numeric':
      return Math.round(rng.real(0, 50_000) * 100) / 100;
    case 'timestamp':
      return rng.chance(0.15) ? null : dt(moment - rng.int(0, 30 * 86_400));
    case 'json':
      return [];
    default:
      return textValue(field.name, rng, ctx, index);
  }
}

export function genericSource(ctx: GeneratorContext, spec: ResourceSpec): RecordSource {
  const { world } = ctx;
  const tag = hashString(spec.name) ^ TAG.generic;
  const count = Math.min(300, Math.max(12, Math.ceil(world.reservations / 20)));
  const timeline = new Timeline({ seed: world.seed, tag, count, nullCount: 1, zeroCount: 1, start: world.start, end: world.end });
  const idField = spec.fields.find((f) => f.name.startsWith('id') && f.type === 'integer')?.name;
  const build = (index: number, moment: number, sortKey: number): Rec => {
    const rng = rngFor(world.seed, tag, index);
    const id = ID_BASE + index;
    const record: Rec = {};
    for (const field of spec.fields) {
      if (field.name === 'referencia') record.referencia = refValue(id, index % 29 === 5);
      else if (field.name === 'referencia_data') record.referencia_data = formatSortKey(sortKey);
      else if (field.name === idField) record[field.name] = id;
      else record[field.name] = value(field, rng, ctx, index, moment);
    }
    return record;
  };
  const source: RecordSource = {
    count,
    sortKey: (index) => timeline.sortKey(index),
    record: (index) => build(index, timeline.nominal(index), timeline.sortKey(index)),
    indexOf(referencia) {
      const id = parseId(referencia);
      const index = id === undefined ? undefined : id - ID_BASE;
      return inRange(source, index) ? index : undefined;
    },
    fresh: (index, now) => build(index, now, now),
  };
  return source;
}
