// Label values for metrics: only names from the catalog, statuses and route patterns, so no label
// can hold personal data or explode in cardinality. Pure.

/** Resource names come from the catalog; anything else is squashed so no free text becomes a label. */
export function resourceLabel(resource: string): string {
  return /^[a-z0-9_/-]{1,64}$/.test(resource) ? resource : 'other';
}

/** Account names are `[a-z0-9_]{1,32}` (CVCRM_ACCOUNTS); anything else is squashed. */
export function contaLabel(conta: string): string {
  return /^[a-z0-9_]{1,32}$/.test(conta) ? conta : 'other';
}

export function statusLabel(status: number): string {
  return Number.isInteger(status) && status >= 0 && status < 1000 ? String(status) : 'other';
}

/**
 * The caller passes the route pattern (`/api/sales`), not the raw URL. As a safeguard the query
 * string is dropped and path segments that look like values (numbers, long tokens, e-mails) are
 * replaced, so a label can neither hold personal data nor explode in cardinality.
 */
export function routeLabel(route: string): string {
  const path = route.split(/[?#]/)[0] ?? '';
  const segments = path.split('/').map((segment) =>
    /^:?[A-Za-z_][\w-]{0,39}$/.test(segment) && !/\d{3,}/.test(segment) && !segment.includes('@') ? segment : segment === '' ? '' : ':param',
  );
  const label = segments.join('/');
  return label === '' ? '/' : label.slice(0, 100);
}
