// /reservas: one record per reservation, in the field order of live responses, plus two fields
// the spec does not list (live data carries more than the spec).
import { CORRESPONDENTES } from '../names-ptbr.ts';
import { formatSortKey } from '../naive-time.ts';
import { money, type ReservaCore } from '../reservation-core.ts';
import { ID_BASE } from '../world.ts';
import { day, dt, dtOrZero, parseId, refValue, type Rec } from './format.ts';
import { inRange, type GeneratorContext, type RecordSource } from './source.ts';

const PREVIOUS: Readonly<Record<string, readonly [number, string] | null>> = {
  Vendida: [2, 'Reserva'],
  Distrato: [3, 'Vendida'],
  Cancelada: [1, 'Em análise'],
  Reserva: [1, 'Em análise'],
  'Em análise': null,
};

export function reservaRecord(core: ReservaCore): Rec {
  const { unit, broker, client } = core;
  const project = unit.project;
  const sold = core.dataVenda !== undefined;
  const financed = core.financiamentoCents > 0;
  const previous = PREVIOUS[core.situacao] ?? null;
  const modified = core.sortKey >= 0 ? core.sortKey : core.nominal;
  const tableMonth = day(core.dataCad ?? core.nominal)?.slice(0, 7) ?? '';
  const idtabela = project.id * 100 + Number(tableMonth.slice(5, 7) || '1');
  const juros = core.tipovenda[0] === 4 ? 1.0 : 0;
  return {
    referencia: refValue(core.idreserva, core.referenciaAsNumber),
    referencia_data: formatSortKey(core.sortKey),
    ativo: core.ativo,
    idreserva: core.idreserva,
    data_cad: dtOrZero(core.dataCad),
    codigointerno: core.index % 3 === 0 ? `R-${core.idreserva}` : null,
    numero_venda: sold ? `${day(core.dataVenda)?.slice(0, 4)}/${core.idreserva}` : null,
    aprovada: sold ? 'S' : 'N',
    data_venda: dt(core.dataVenda),
    situacao: core.situacao,
    idsituacao: core.idsituacao,
    situacao_comercial: project.situacaoComercial,
    idempreendimento: project.id,
    codigointerno_empreendimento: project.code,
    empreendimento: project.nome,
    data_entrega_chaves_contrato_cliente: sold ? day(project.dataEntrega) : null,
    etapa: unit.etapa,
    bloco: unit.bloco,
    unidade: unit.nome,
    regiao: project.city.region,
    venda: sold ? 'S' : 'N',
    idcliente: core.idcliente,
    documento_cliente: client.cpf,
    cliente: core.clientNome,
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
    valor_contrato: money(core.valorCents),
    vencimento: sold || core.dataCancelamento !== undefined ? null : day((core.dataCad ?? core.nominal) + 7 * 86_400),
    campanha: core.campanha,
    cessao: 'N',
    motivo_cancelamento: core.motivo,
    data_cancelamento: dt(core.dataCancelamento),
    espacos_complementares: null,
    idlead: core.idlead,
    data_ultima_alteracao_situacao: dt(core.nominal),
    idempresa_correspondente: financed ? 1 + (core.index % 3) : null,
    empresa_correspondente: financed ? CORRESPONDENTES[core.index % CORRESPONDENTES.length] ?? null : null,
    valor_fgts: money(core.fgtsCents),
    valor_financiamento: money(core.financiamentoCents),
    valor_subsidio: money(core.subsidioCents),
    nome_usuario: broker.nome,
    idunidade: unit.idunidade,
    idprecadastro: core.idprecadastro,
    idmidia: core.midia[0],
    midia: core.midia[1],
    descricao_motivo_cancelamento: core.motivo === null ? null : 'Registrado pela gestão comercial',
    idsituacao_anterior: previous?.[0] ?? null,
    situacao_anterior: previous?.[1] ?? null,
    idtabela,
    nometabela: `Tabela ${tableMonth}`,
    codigointernotabela: null,
    data_contrato: dt(core.dataVenda),
    valor_proposta: money(core.valorCents),
    vpl_reserva: money(Math.round(core.valorCents * 0.97)),
    vgv_tabela: unit.valor,
    vpl_tabela: Math.round(unit.valor * 0.96),
    usuario_aprovacao: sold ? broker.team.gestor : null,
    data_aprovacao: sold ? dt((core.dataVenda ?? 0) - 3_600) : null,
    juros_condicao_aprovada: sold ? juros : null,
    juros_apos_entrega_condicao_aprovada: sold ? 1.0 : null,
    idtabela_condicao_aprovada: sold ? idtabela : null,
    data_primeira_aprovacao: sold ? dt((core.dataVenda ?? 0) - 3_600) : null,
    aprovacao_absoluto: null,
    aprovacao_vpl_valor: null,
    idtipovenda: core.tipovenda[0],
    tipovenda: core.tipovenda[1],
    idgrupo: 1,
    grupo: 'Corretores',
    data_modificacao: dt(modified),
    campos_adicionais: [
      { idcampo_adicional: 12, nome: 'Como conheceu o empreendimento?', valor: core.midia[1] ?? 'Não informado' },
      { idcampo_adicional: 14, nome: 'Possui pet?', valor: core.index % 4 === 0 ? 'Sim' : 'Não' },
    ],
    campos_adicionais_contrato: sold ? [{ idcampo_adicional: 31, nome: 'Número do contrato', valor: `CT-${core.idreserva}` }] : [],
    valor_contrato_com_juros: money(Math.round(core.valorCents * (1 + juros / 20))),
    idtipo_tabela: 1,
    tipo_tabela: 'Tabela padrão',
    valor_liquido_com_juros: money(Math.round(core.valorCents * 0.98 * (1 + juros / 20))),
    valor_liquido_sem_juros: money(Math.round(core.valorCents * 0.98)),
    idgestor_time: broker.team.gestorId,
    nome_time: broker.team.nome,
    juros_apos_entrega_cadastro: 1.0,
    juros_cadastro_fixa_adicional: 0,
    juros_cadastro: 0.5,
    data_entrega: day(project.dataEntrega),
    vgv_tabela_minima: Math.round(unit.valor * 0.95),
    vpl_tabela_minima: Math.round(unit.valor * 0.92),
    idtime: broker.team.id,
    // Not in the spec: live responses carry fields added without notice.
    origem_registro: core.index % 5 === 0 ? 'Portal do Corretor' : 'CV',
    idproposta_portal: core.index % 5 === 0 ? 800_000 + core.index : null,
  };
}

export function reservasSource(ctx: GeneratorContext): RecordSource {
  const { world, reservations } = ctx;
  const source: RecordSource = {
    count: world.reservations,
    sortKey: (index) => world.timeline.sortKey(index),
    record: (index) => reservaRecord(reservations.core(index)),
    indexOf(referencia) {
      const id = parseId(referencia);
      const index = id === undefined ? undefined : id - ID_BASE.reserva;
      return inRange(source, index) ? index : undefined;
    },
    fresh: (index, now) => reservaRecord(reservations.core(index, now)),
  };
  return source;
}
