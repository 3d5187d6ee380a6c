// /reservas/condicoes: exactly five payment series per reservation (ato, mensais, chaves, the
// financed or post-keys balance, and FGTS, subsídio or annual balloons), so that row c belongs
// to reservation floor(c / 5). The series of a reservation add up to its valor_contrato.
import { formatSortKey } from '../naive-time.ts';
import { money, SERIES_PER_RESERVATION, type ReservaCore } from '../reservation-core.ts';
import { ID_BASE } from '../world.ts';
import { day, dt, type Rec } from './format.ts';
import { inRange, type GeneratorContext, type RecordSource } from './source.ts';

function condicaoRecord(core: ReservaCore, slot: number): Rec {
  const row = core.series[slot];
  if (row === undefined) throw new Error(`no series ${slot} in reservation ${core.idreserva}`);
  const modified = core.sortKey >= 0 ? core.sortKey : core.nominal;
  const withInterest = row.indexador === null ? row.cents : Math.round(row.cents * 1.035);
  return {
    referencia: `${core.idreserva}_${row.idserie}`,
    referencia_data: formatSortKey(core.sortKey),
    ativo: 'S',
    idreservascondicoes: ID_BASE.condicao + core.index * SERIES_PER_RESERVATION + slot,
    idreserva: core.idreserva,
    idserie: row.idserie,
    serie: row.serie,
    parcela_quantidade: row.parcelas,
    valor: money(row.cents),
    valor_com_juros: money(withInterest),
    valor_com_comissao_fora_do_contrato: money(row.cents),
    valor_sem_comissao: money(row.cents),
    vencimento: day(row.vencimento),
    portador: row.portador,
    indexador: row.indexador,
    data_reservas_condicoes: dt(core.dataCad ?? core.nominal),
    data_modificacao: dt(modified),
  };
}

export function condicoesSource(ctx: GeneratorContext): RecordSource {
  const { world, reservations } = ctx;
  const per = SERIES_PER_RESERVATION;
  const source: RecordSource = {
    count: world.reservations * per,
    sortKey: (index) => world.timeline.sortKey(Math.floor(index / per)),
    record: (index) => condicaoRecord(reservations.core(Math.floor(index / per)), index % per),
    indexOf(referencia) {
      const match = /^(\d+)_(\d+)$/.exec(referencia);
      if (match === null) return undefined;
      const reservation = Number(match[1]) - ID_BASE.reserva;
      if (reservation < 0 || reservation >= world.reservations) return undefined;
      const slot = reservations.core(reservation).series.findIndex((row) => row.idserie === Number(match[2]));
      const index = slot < 0 ? undefined : reservation * per + slot;
      return inRange(source, index) ? index : undefined;
    },
    fresh: (index, now) => condicaoRecord(reservations.core(Math.floor(index / per), now), index % per),
  };
  return source;
}
