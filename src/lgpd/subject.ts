// Who a data-subject request is about: a CPF or an e-mail, normalised, and the forms it can take
// in the database (as received, or hashed by PII_STORAGE=hashed). Pure.
import { createHash, createHmac } from 'node:crypto';

/** How personal fields are stored (PII_STORAGE, PII_HMAC_SECRET). */
export interface PiiStorage {
  readonly storage: 'full' | 'hashed';
  readonly hmacSecret?: string | undefined;
}

/**
 * The keyed hash PII_STORAGE=hashed stores; the same function as the load's (sync/map-record.ts),
 * repeated here because the sync depends on this folder, not the other way round. A test keeps
 * them equal.
 */
export function storedHash(value: string, secret: string): string {
  return `hmac:${createHmac('sha256', secret).update(value.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
}

export type Subject = { readonly kind: 'cpf'; readonly value: string } | { readonly kind: 'email'; readonly value: string };

export class SubjectError extends Error {}

/** `--cpf` keeps digits only; `--email` is lower-cased. Throws SubjectError (pt-BR) when unusable. */
export function parseSubject(input: { cpf?: string | undefined; email?: string | undefined }): Subject {
  if ((input.cpf === undefined) === (input.email === undefined)) throw new SubjectError('Informe exatamente um de --cpf ou --email.');
  if (input.cpf !== undefined) {
    const digits = input.cpf.replace(/\D/g, '');
    if (digits.length !== 11 && digits.length !== 14) throw new SubjectError('--cpf deve ter 11 dígitos (ou 14, para um CNPJ).');
    return { kind: 'cpf', value: digits };
  }
  const email = input.email!.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new SubjectError('--email não parece um endereço de e-mail.');
  return { kind: 'email', value: email };
}

/** How a stored personal value is compared: CPF/CNPJ-looking text as digits, everything else lower-cased. */
export function normaliseValue(value: string): string {
  const trimmed = value.trim();
  if (/^[\d.\-/\s]+$/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, '');
    if (digits.length === 11 || digits.length === 14) return digits;
  }
  return trimmed.toLowerCase();
}

/** The CPF with its usual punctuation: sources send it either way. */
function formattedCpf(digits: string): string {
  return digits.length === 11 ? `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}` : digits;
}

/**
 * Every normalised form the subject's value can have in the database. With PII_STORAGE=hashed
 * the identifying fields hold a keyed hash of the value as received, so both spellings of a CPF
 * are hashed.
 */
export function subjectForms(subject: Subject, pii: PiiStorage): string[] {
  const forms = new Set<string>([subject.value]);
  if (pii.storage === 'hashed') for (const r of spellings(subject)) forms.add(storedHash(r, pii.hmacSecret ?? ''));
  return [...forms];
}

/** Lower-case text to look for in a stored record before matching it field by field. */
export function searchTexts(subject: Subject, pii: PiiStorage): string[] {
  return [...new Set([...spellings(subject), ...subjectForms(subject, pii)].map((t) => t.toLowerCase()))];
}

function spellings(subject: Subject): string[] {
  return subject.kind === 'cpf' ? [subject.value, formattedCpf(subject.value)] : [subject.value];
}

/**
 * What the audit and the later loads keep instead of the value: a one-way digest of one
 * normalised form. Never the value itself.
 */
export function digestOf(normalisedForm: string): string {
  return createHash('sha256').update(`cvcrm-etl:titular:${normalisedForm}`).digest('hex');
}
