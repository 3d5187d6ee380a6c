// Rows of breakdowns carry their account (the same project or broker id exists in two accounts);
// an installation with one account keeps the answers it always had, without the field.

export type MaybeAccount<Row extends { conta: string }> = Omit<Row, 'conta'> & { conta?: string };

export function accountInRows<Row extends { conta: string }>(
  rows: readonly Row[], show: boolean | undefined,
): MaybeAccount<Row>[] {
  if (show === true) return [...rows];
  return rows.map(({ conta: _conta, ...rest }) => rest);
}
