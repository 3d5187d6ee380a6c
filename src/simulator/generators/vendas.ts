// /vendas: one record per sale (reservations that reached "Vendida", including those later
// undone by a distrato, which come back inactive), with the nested `associados` array.
// /distratos: one record per distrato. Row k is the k-th such reservation.
import { formatSortKey } from '../naive-time.ts';
import { money, type ReservaCore } from '../reservation-core.ts';
import { rngFor, TAG } from '../rng.ts';
import { ID_BASE } from '../world.ts';
import { dt, dtOrZero, parseId, refValue, type Rec } from './format.ts';
import { inRange, type GeneratorContext, type RecordSource } from './source.ts';

const ASSOCIATIONS: readonly (readonly [number, string])[] = [[1, 'Cônjuge'], [16, 'Avalista'], [3, 'Sócio']];

function vendaRecord(ctx: GeneratorContext, core: ReservaCore): Rec {
  const rng = rngFor(ctx.world.seed, TAG.venda, core.index);
  const associados: Rec[] = [];
  if (rng.chance(0.3)) {
    for (let n = rng.int(1, 2); n > 0; n -= 1) {
      const [idtipo, tipo] = rng.pick(ASSOCIATIONS);
      associados.push({
        idpessoa_cv: ID_BASE.client + 900_000 + core.index * 2 + n,
        idtipo_associacao: idtipo,
        tipo_associacao: tipo,
        percentagem_participacao: idtipo === 1 ? 50 : Math.round(rng.real(0, 30) * 100) / 100,
      });
    }
  }
  const { unit, broker, client } = core;
  return {
    referencia: refValue(core.idreserva, core.referenciaAsNumber),
    referencia_data: formatSortKey(core.sortKey),
    ativo: core.situacao === 'Distrato' ? 'N' : 'S',
    idreserva: core.idreserva,
    data_reserva: dtOrZero(core.dataCad),
    data_venda: dt(core.dataVenda),
    idhistorico: ID_BASE.historico + core.index,
    data_historico: dt(core.sortKey >= 0 ? core.sortKey : core.nominal),
    aprovada: 'Sim',
    valor_contrato: money(core.valorCents),
    contrato_interno: null,
    idpessoa_cv: core.idcliente,
    idpessoa_int: String(core.idcliente - 20_000),
    cliente: core.clientNome,
    idcliente: core.idcliente,
    documento_cliente: client.cpf,
    email: client.email,
    cidade: core.clientCidade,
    cep_cliente: core.clientCep,
    renda: client.renda,
    sexo: client.sexo,
    idade: client.idade,
    estado_civil: client.estadoCivil,
    idcorretor: broker.id,
    corretor: broker.nome,
    idimobiliaria: broker.agency.id,
    imobiliaria: broker.agency.nome,
    idempreendimento: unit.project.id,
    empreendimento: unit.project.nome,
    codigointerno_empreendimento: unit.project.code,
    regiao: unit.project.city.region,
    planta: `Planta ${unit.tipologia}`,
    etapa: unit.etapa,
    bloco: unit.bloco,
    idunidade: unit.idunidade,
    unidade: unit.nome,
    area_privativa: unit.areaPrivativa,
    campanha: core.campanha,
    idmidia: core.midia[0],
    midia: core.midia[1],
    idtabela: null,
    nometabela: `Tabela ${dt(core.dataCad ?? core.nominal)?.slice(0, 7)}`,
    codigointernotabela: null,
    idtipovenda: core.tipovenda[0],
    tipovenda: core.tipovenda[1],
    idlead: core.idlead,
    associados,
    // Not in the spec.
    percentual_quitado: Math.round(rng.real(5, 40) * 100) / 100,
  };
}

function distratoRecord(core: ReservaCore): Rec {
  const { unit, broker } = core;
  return {
    referencia: refValue(core.idreserva, core.referenciaAsNumber),
    referencia_data: formatSortKey(core.sortKey),
    ativo: 'S',
    idreserva: core.idreserva,
    aprovada: 'S',
    data_cad: dt(core.dataCancelamento),
    situacao_data: dt(core.dataCancelamento),
    situacao_atual: 'Distrato',
    idsituacao: core.idsituacao,
    idempreendimento: unit.project.id,
    codigointerno_empreendimento: unit.project.code,
    empreendimento: unit.project.nome,
    regiao: unit.project.city.region,
    etapa: unit.etapa,
    bloco: unit.bloco,
    idunidade: unit.idunidade,
    unidade: unit.nome,
    venda: dt(core.dataVenda),
    idcliente: core.idcliente,
    cliente: core.clientNome,
    documento: core.client.cpf,
    cep_cliente: core.clientCep,
    idcorretor: broker.id,
    corretor: broker.nome,
    idimobiliaria: broker.agency.id,
    imobiliaria: broker.agency.nome,
    motivo_distrato: core.motivo,
    descricao_motivo_distrato: core.motivo === null ? null : `${core.motivo}: registrado pela gestão comercial`,
    valor_contrato: money(core.valorCents),
    data_sincronizacao: dt(core.sortKey >= 0 ? core.sortKey : core.nominal),
  };
}

function salesSource(ctx: GeneratorContext, category: 'sold' | 'distrato', build: (core: ReservaCore) => Rec): RecordSource {
  const { world, reservations } = ctx;
  const status = world.status;
  const source: RecordSource = {
    count: status.total(category),
    sortKey: (index) => world.timeline.sortKey(status.kth(index, category)),
    record: (index) => build(reservations.core(status.kth(index, category))),
    indexOf(referencia) {
      const id = parseId(referencia);
      const reservation = id === undefined ? -1 : id - ID_BASE.reserva;
      if (reservation < 0 || reservation >= world.reservations) return undefined;
      const situacao = status.statusOf(reservation);
      const member = category === 'sold' ? situacao === 'Vendida' || situacao === 'Distrato' : situacao === 'Distrato';
      const index = member ? status.rank(reservation, category) : undefined;
      return inRange(source, index) ? index : undefined;
    },
    fresh: (index, now) => build(reservations.core(status.kth(index, category), now)),
  };
  return source;
}

export function vendasSource(ctx: GeneratorContext): RecordSource {
  return salesSource(ctx, 'sold', (core) => vendaRecord(ctx, core));
}

export function distratosSource(ctx: GeneratorContext): RecordSource {
  return salesSource(ctx, 'distrato', distratoRecord);
}
