// /unidades: every unit of every project. Units come in groups of five in the API's order:
// the first four are the units of four consecutive reservations (so a unit changes when its
// reservation does), the fifth was never reserved. situacao_mapa_disponibilidade follows the
// reservation: 3 sold, 2 reserved, 5 reservation in progress, 1 available again after a
// distrato or a cancellation; never-reserved units are 1, or 4 (blocked) for about 8%.
// There is no `ativo` field on units, as in the real API.
import { formatSortKey, formatDateTime } from '../naive-time.ts';
import { hash32, TAG } from '../rng.ts';
import type { Situacao } from '../reservation-status.ts';
import { describeUnit } from '../units.ts';
import { ID_BASE, type World } from '../world.ts';
import { day, parseId, refValue, type Rec } from './format.ts';
import { inRange, type GeneratorContext, type RecordSource } from './source.ts';

const STATE_OF: Readonly<Record<Situacao, number>> = { Vendida: 3, Reserva: 2, 'Em análise': 5, Distrato: 1, Cancelada: 1 };
const STATE_NAME: Readonly<Record<number, readonly [string, string]>> = {
  1: ['Disponível', '#2ecc71'], 2: ['Reservada', '#f1c40f'], 3: ['Vendida', '#e74c3c'], 4: ['Bloqueada', '#7f8c8d'],
  5: ['Em processo de reserva', '#3498db'],
};

/** The reservation whose moment a unit's referencia_data follows. */
function anchorReservation(world: World, unitIndex: number): number {
  const group = Math.floor(unitIndex / 5);
  return Math.min(4 * group + Math.min(unitIndex % 5, 3), world.reservations - 1);
}

export function unitState(world: World, unitIndex: number): number {
  const reservation = world.reservationOfUnit(unitIndex);
  if (reservation !== undefined) return STATE_OF[world.status.statusOf(reservation)];
  return hash32(world.seed, TAG.unitState, unitIndex) % 100 < 8 ? 4 : 1;
}

function unitRecord(ctx: GeneratorContext, unitIndex: number, sortKey: number): Rec {
  const { world, parties } = ctx;
  const unit = describeUnit(world, parties, world.physicalOfUnit(unitIndex));
  const project = unit.project;
  const state = unitState(world, unitIndex);
  const [stateName, colour] = STATE_NAME[state] ?? ['Disponível', '#2ecc71'];
  const moment = sortKey >= 0 ? formatDateTime(sortKey) : null;
  return {
    referencia: refValue(unit.idunidade, hash32(world.seed, TAG.quirk, TAG.unit, unitIndex) % 37 === 0),
    referencia_data: formatSortKey(sortKey),
    idempreendimento: project.id,
    idempreendimento_int: project.code,
    nome_empreendimento: project.nome,
    idtipo_empreendimento: project.tipo === 'Residencial vertical' ? 1 : 2,
    tipo_empreendimento: project.tipo,
    idetapa: unit.idetapa,
    idetapa_int: null,
    etapa: unit.etapa,
    idbloco: unit.idbloco,
    idbloco_int: null,
    bloco: unit.bloco,
    nome: unit.nome,
    area_privativa: unit.areaPrivativa,
    // Numbers where the spec says string: live data does this.
    idunidade: unit.idunidade,
    idunidade_int: null,
    vagas_garagem: unit.vagas,
    andar: String(unit.andar),
    area_comum: Math.round(unit.areaPrivativa * 0.35 * 100) / 100,
    coluna: unit.coluna,
    posicao: unit.coluna === 1 || unit.coluna === project.unitsPerFloor ? 'Frente' : 'Fundos',
    tipologia: unit.tipologia,
    tipo: 'Apartamento',
    idtipo_int: null,
    empresa_terceirizacao: null,
    valor: unit.valor,
    valor_avaliacao: Math.round(unit.valor * 1.05),
    data_bloqueio: state === 4 ? moment : null,
    data_entrega: day(project.dataEntrega),
    data_entrega_chaves: state === 3 ? day(project.dataEntrega) : null,
    agendar_a_partir: null,
    liberar_a_partir: null,
    plantas: [{ idplanta: project.id * 10 + unit.coluna, nome: `Planta ${unit.tipologia}`, arquivo: `planta-${project.id}-${unit.coluna}.jpg` }],
    campos_adicionais: [],
    situacao_reservada: state === 2 || state === 5 ? 1 : 0,
    situacao_reservada_vencimento: null,
    situacao_reservada_idsituacao: state === 2 ? 2 : state === 5 ? 1 : null,
    situacao_reservada_nomesituacao: state === 2 ? 'Reserva' : state === 5 ? 'Em análise' : null,
    situacao_cor_bg: colour,
    situacao_cor_nome: stateName,
    situacao_nome: stateName,
    situacao_reservada_inicio: state === 2 || state === 5 ? moment : null,
    situacao_vendida: state === 3 ? 1 : 0,
    situacao_vendida_idsituacao: state === 3 ? 3 : null,
    situacao_idmotivo: null,
    situacao_bloqueados_internos: null,
    situacao_bloqueada: state === 4 ? 1 : 0,
    situacao_bloqueada_idmotivo: state === 4 ? 2 : null,
    situacao_bloqueada_motivo: state === 4 ? 'Reservada para permuta' : null,
    situacao_tipo_id: state,
    situacao_tipo_nome: stateName,
    situacao_para_venda: state === 1 ? 1 : 0,
    situacao_mapa_disponibilidade: state,
    situacao_possui_reserva_solicitacao_distrato: 'N',
    cib: null,
    // Not in the spec.
    metragem_terraco: unit.coluna === 1 ? Math.round(unit.areaPrivativa * 0.1 * 100) / 100 : 0,
  };
}

export function unidadesSource(ctx: GeneratorContext): RecordSource {
  const { world } = ctx;
  const sortKey = (index: number): number => world.timeline.sortKey(anchorReservation(world, index));
  const source: RecordSource = {
    count: world.units,
    sortKey,
    record: (index) => unitRecord(ctx, index, sortKey(index)),
    indexOf(referencia) {
      const id = parseId(referencia);
      const physical = id === undefined ? -1 : id - ID_BASE.unit;
      if (physical < 0 || physical >= world.units) return undefined;
      const index = world.unitOfPhysical(physical);
      return inRange(source, index) ? index : undefined;
    },
    // Units are not created by sales; a created unit reuses the layout of an existing one.
    fresh: (index, now) => ({ ...unitRecord(ctx, index % world.units, now), idunidade: ID_BASE.unit + index, referencia: String(ID_BASE.unit + index) }),
  };
  return source;
}
