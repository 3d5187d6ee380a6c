// The figures called directly with a database handle and a plain filter (no HTTP, no query
// string), over the fixture rows: VSO is one computation whichever figure shows it, and the
// cards' stock is the inventory's and the VSO's stock.
import { beforeAll, expect, it } from 'vitest';
import type { FigureFilter, NameOrId } from '../../src/figures/filter.ts';
import { inventoryFigures } from '../../src/figures/inventory.ts';
import { monthEnd } from '../../src/figures/months.ts';
import { percent } from '../../src/figures/numbers.ts';
import { summaryFigures } from '../../src/figures/summary.ts';
import { vsoFigures } from '../../src/figures/vso.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { AURORA, TODAY, seedFixtures } from '../web/fixtures.ts';

const NONE: NameOrId = { id: null, name: null };
const filter = (de: string | null, ate: string | null, project = NONE): FigureFilter => ({ de, ate, label: 'teste', project, broker: NONE, contas: null });

describeEachDatabase('figures: one VSO and one stock behind every figure', (get) => {
  beforeAll(async () => {
    await seedFixtures(get().db);
  });

  it("each month's VSO is the sum of its projects' rows, and each project's VSO keeps its sign", async () => {
    const body = await vsoFigures(get().db, filter(null, null), TODAY);
    expect(body.meses).toHaveLength(12);
    for (const month of body.meses) {
      const rows = body.por_empreendimento.filter((r) => r.mes === month.mes);
      expect(rows.length, month.mes).toBeGreaterThan(0);
      for (const key of ['vendas', 'distratos', 'vendas_liquidas', 'estoque_inicio', 'lancadas', 'oferta'] as const) {
        expect(rows.reduce((a, r) => a + r[key], 0), `${month.mes} ${key}`).toBe(month[key]);
      }
      for (const r of rows) expect(r.vso_pct).toBe(percent(r.vendas - r.distratos, r.estoque_inicio + r.lancadas));
    }
    expect(body.por_empreendimento.some((r) => r.vso_pct !== null && r.vso_pct < 0)).toBe(true);
  });

  it("a whole past month's card says what that month's row of the VSO series says", async () => {
    for (const [month, next] of [['2024-12', '2025-01'], ['2025-01', '2025-02'], ['2025-02', '2025-03']] as const) {
      for (const project of [NONE, { id: AURORA.id, name: null }]) {
        const series = await vsoFigures(get().db, filter(null, null, project), TODAY);
        const row = series.meses.find((m) => m.mes === month)!;
        const after = series.meses.find((m) => m.mes === next)!;
        const cards = await summaryFigures(get().db, filter(`${month}-01`, monthEnd(`${month}-01`), project), TODAY);
        expect(cards.vso, `${month} ${project.id}`).toMatchObject({
          valor: row.vso_pct, vendas_liquidas: row.vendas_liquidas, oferta: row.oferta, fonte_estoque: row.fonte_estoque,
        });
        // The stock the period started with, and the stock the day after it ended.
        expect(cards.estoque_disponivel).toMatchObject({ anterior: row.estoque_inicio, valor: after.estoque_inicio, fonte: after.fonte_estoque });
      }
    }
  });

  it("a period that reaches today ends on the units available now, as the inventory counts them", async () => {
    for (const project of [NONE, { id: AURORA.id, name: null }, { id: null, name: AURORA.nome }]) {
      const inventory = await inventoryFigures(get().db, { project, contas: null });
      const cards = await summaryFigures(get().db, filter('2025-03-01', null, project), TODAY);
      expect(cards.estoque_disponivel).toMatchObject({ valor: inventory.totais.disponivel, fonte: 'atual' });
      expect(inventory.totais.disponivel).toBeGreaterThan(0);
    }
  });
});
