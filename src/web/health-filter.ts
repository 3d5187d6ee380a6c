// /health for a caller limited to some accounts: the per-account part of the report (`contas`,
// keyed by account name, or a list of entries with a `conta` field) keeps only its accounts.

export function healthForAccounts(body: object, allowed: readonly string[] | null): object {
  if (allowed === null || !('contas' in body)) return body;
  const contas: unknown = body.contas;
  let visible: unknown = contas;
  if (Array.isArray(contas)) {
    visible = contas.filter((entry: unknown) => typeof entry === 'object' && entry !== null && allowed.includes(String((entry as { conta?: unknown }).conta)));
  } else if (typeof contas === 'object' && contas !== null) {
    visible = Object.fromEntries(Object.entries(contas).filter(([name]) => allowed.includes(name)));
  }
  return { ...body, contas: visible };
}
