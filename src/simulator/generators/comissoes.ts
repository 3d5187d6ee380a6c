// /comissoes: two commission records per sale (sold or later undone): the selling broker's and
// either a second broker's (a split sale, about 30%) or the team manager's override. Row c
// belongs to the (c / 2)-th sale. valor_comissao = valor_contrato × porcentagem_comissao / 100.
// A distrato's commissions are inactive (ativo 'N'); about 5% of the second commissions of live
// sales were replaced and are inactive too. As in the real API, there is no idcorretor.
import { formatSortKey } from '../naive-time.ts';
import { money, type ReservaCore } from '../reservation-core.ts';
import { hash32, rngFor, TAG } from '../rng.ts';
import { ID_BASE } from '../world.ts';
import { day, dt, parseId, refValue, type Rec } from './format.ts';
import { inRange, type GeneratorContext, type RecordSource } from './source.ts';

const DAY = 86_400;

function commissionRecord(ctx: GeneratorContext, core: ReservaCore, index: number): Rec {
  const { world, parties } = ctx;
  const slot = index % 2;
  const rng = rngFor(world.seed, TAG.commission, core.index);
  const totalPct = rng.pick([4, 4.5, 5, 5.5, 6]);
  const split = rng.chance(0.3);
  const secondInactive = rng.chance(0.05);
  const partner = parties.broker((core.broker.index + 1 + rng.int(0, world.brokers)) % world.brokers);
  const pct = split ? totalPct / 2 : slot === 0 ? totalPct - 1 : 1;
  const valorComissao = Math.round((core.valorCents * pct) / 100);
  const sold = core.dataVenda ?? core.nominal;
  const age = world.end - sold;
  const distrato = core.situacao === 'Distrato';
  const [idsituacao, situacao] = distrato ? [4, 'Cancelada'] : age > 120 * DAY ? [3, 'Paga'] : age > 30 * DAY ? [2, 'Liberada'] : [1, 'Comissão Gerada'];
  const paid = idsituacao === 3;
  const idcomissao = ID_BASE.comissao + index;
  const payee = slot === 0 ? core.broker.nome : split ? partner.nome : `${core.broker.team.gestor} (Gerente)`;
  const agency = slot === 1 && split ? partner.agency.nome : core.broker.agency.nome;
  const unit = core.unit;
  return {
    referencia: refValue(idcomissao, hash32(world.seed, TAG.quirk, TAG.commission, index) % 41 === 0),
    referencia_data: formatSortKey(core.sortKey),
    ativo: distrato || (slot === 1 && secondInactive) ? 'N' : 'S',
    idcomissao,
    situacao,
    idsituacao,
    idreserva: core.idreserva,
    corretor: payee,
    imobiliaria: agency,
    empreendimento: unit.project.nome,
    etapa: unit.etapa,
    bloco: unit.bloco,
    unidade: unit.nome,
    regiao: unit.project.city.region,
    cliente: core.clientNome,
    cep_cliente: core.clientCep,
    valor_contrato: money(core.valorCents),
    porcentagem_comissao: pct,
    valor_comissao: money(valorComissao),
    valor_comissao_apagar: paid ? 0 : money(valorComissao),
    valor_pagamento: paid ? money(valorComissao) : 0,
    nota_fiscal: paid ? `NF-${100_000 + index}` : null,
    data_pagamento: paid ? day(sold + 60 * DAY) : null,
    data_cad: dt(sold),
    idregra_comissao: split ? 2 : 1,
  };
}

export function comissoesSource(ctx: GeneratorContext): RecordSource {
  const { world, reservations } = ctx;
  const status = world.status;
  const reservationOf = (index: number): number => status.kth(Math.floor(index / 2), 'sold');
  const source: RecordSource = {
    count: status.total('sold') * 2,
    sortKey: (index) => world.timeline.sortKey(reservationOf(index)),
    record: (index) => commissionRecord(ctx, reservations.core(reservationOf(index)), index),
    indexOf(referencia) {
      const id = parseId(referencia);
      const index = id === undefined ? undefined : id - ID_BASE.comissao;
      return inRange(source, index) ? index : undefined;
    },
    fresh: (index, now) => commissionRecord(ctx, reservations.core(reservationOf(index), now), index),
  };
  return source;
}
