// Personal data (LGPD): clients are shown masked unless the caller holds the full-view grant.
// Masking keeps enough to recognise a record in a conversation, not enough to identify a person.

/** "Maria Silva Souza" → "Maria S." (first name and the initial of the last name). */
export function maskName(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  const words = name.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return null;
  const first = [...words[0]!].slice(0, 40).join('');
  if (words.length === 1) return first;
  const initial = [...words[words.length - 1]!][0]!.toLocaleUpperCase('pt-BR');
  return `${first} ${initial}.`;
}

/** "maria.souza@dominio.com.br" → "m***@d***.com.br". */
export function maskEmail(email: string | null | undefined): string | null {
  if (email === null || email === undefined || email.trim() === '') return null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.indexOf('.');
  const host = dot === -1 ? domain : domain.slice(0, dot);
  const suffix = dot === -1 ? '' : domain.slice(dot);
  return `${[...local][0]}***@${host === '' ? '' : [...host][0]}***${suffix}`;
}

/** CPF "123.456.789-09" → "***.456.789-**"; anything that is not 11 digits is hidden entirely. */
export function maskCpf(document: string | null | undefined): string | null {
  if (document === null || document === undefined || document.trim() === '') return null;
  const digits = document.replace(/\D/g, '');
  if (digits.length !== 11) return '***';
  return `***.${digits.slice(3, 6)}.${digits.slice(6, 9)}-**`;
}

export interface ClientFields {
  readonly cliente: string | null;
  readonly cliente_email?: string | null;
  readonly cliente_documento?: string | null;
}

/** Masks the client fields of a row unless `fullView`. */
export function protectClient<T extends ClientFields>(row: T, fullView: boolean): T {
  if (fullView) return row;
  const masked: T = { ...row, cliente: maskName(row.cliente) };
  if ('cliente_email' in row) Object.assign(masked, { cliente_email: maskEmail(row.cliente_email) });
  if ('cliente_documento' in row) Object.assign(masked, { cliente_documento: maskCpf(row.cliente_documento) });
  return masked;
}
