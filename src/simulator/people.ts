// People: clients, brokers, managers. Names, valid CPFs, e-mails and the LGPD-sensitive
// attributes (renda, idade, sexo, estado civil), all drawn from a record's own PRNG.
import {
  EMAIL_DOMAINS, ESTADOS_CIVIS, FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES,
} from './names-ptbr.ts';
import type { Rng } from './rng.ts';

export interface Person {
  readonly nome: string;
  readonly sexo: 'Masculino' | 'Feminino';
  readonly cpf: string;
  readonly email: string;
  readonly idade: number;
  readonly estadoCivil: string | null;
  /** Monthly income in reais. */
  readonly renda: number;
}

/** A CPF with its two check digits (11 digits, no punctuation, as the API sends it). */
export function cpf(rng: Rng): string {
  const digits: number[] = [];
  do {
    digits.length = 0;
    for (let i = 0; i < 9; i += 1) digits.push(rng.int(0, 9));
  } while (digits.every((d) => d === digits[0]));
  for (const length of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < length; i += 1) sum += (digits[i] ?? 0) * (length + 1 - i);
    const rest = (sum * 10) % 11;
    digits.push(rest === 10 ? 0 : rest);
  }
  return digits.join('');
}

/** Whether an 11-digit string has valid CPF check digits. */
export function isValidCpf(text: string): boolean {
  if (!/^\d{11}$/.test(text) || /^(\d)\1{10}$/.test(text)) return false;
  const digits = [...text].map(Number);
  for (const length of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < length; i += 1) sum += (digits[i] ?? 0) * (length + 1 - i);
    const rest = (sum * 10) % 11;
    if ((rest === 10 ? 0 : rest) !== digits[length]) return false;
  }
  return true;
}

const asciiCache = new Map<string, string>();

/** Lower-case ASCII letters and digits only ("Magalhães" -> "magalhaes"); names repeat, so cached. */
export function asciiLower(text: string): string {
  const cached = asciiCache.get(text);
  if (cached !== undefined) return cached;
  const ascii = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
  if (asciiCache.size < 10_000) asciiCache.set(text, ascii);
  return ascii;
}

export function fullName(rng: Rng, sexo: 'Masculino' | 'Feminino'): string {
  const first = rng.pick(sexo === 'Masculino' ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES);
  const middle = rng.pick(SURNAMES);
  let last = rng.pick(SURNAMES);
  if (last === middle) last = rng.pick(SURNAMES);
  return `${first} ${middle} ${last}`;
}

export function emailFor(rng: Rng, name: string): string {
  const parts = name.split(' ');
  const first = asciiLower(parts[0] ?? 'cliente');
  const last = asciiLower(parts[parts.length - 1] ?? '');
  const suffix = rng.chance(0.5) ? String(rng.int(1, 99)) : '';
  const sep = rng.pick(['.', '_', '']);
  return `${first}${sep}${last}${suffix}@${rng.pick(EMAIL_DOMAINS)}`;
}

export function person(rng: Rng): Person {
  const sexo = rng.chance(0.5) ? 'Masculino' : 'Feminino';
  const nome = fullName(rng, sexo);
  const idade = rng.int(21, 72);
  return {
    nome,
    sexo,
    cpf: cpf(rng),
    email: emailFor(rng, nome),
    idade,
    estadoCivil: rng.chance(0.08) ? null : rng.pick(ESTADOS_CIVIS),
    renda: Math.round(rng.real(1_800, 38_000) / 50) * 50,
  };
}

export function phone(rng: Rng): string {
  return `(${rng.int(11, 99)}) 9${rng.int(1000, 9999)}-${rng.int(1000, 9999)}`;
}

const ENTITY: Readonly<Record<string, string>> = {
  á: '&aacute;', à: '&agrave;', â: '&acirc;', ã: '&atilde;', é: '&eacute;', ê: '&ecirc;', í: '&iacute;',
  ó: '&oacute;', ô: '&ocirc;', õ: '&otilde;', ú: '&uacute;', ü: '&uuml;', ç: '&ccedil;', Á: '&Aacute;',
  É: '&Eacute;', Í: '&Iacute;', Ó: '&Oacute;', Ú: '&Uacute;', Ç: '&Ccedil;', Â: '&Acirc;', Ê: '&Ecirc;',
  Ô: '&Ocirc;', Ã: '&Atilde;', Õ: '&Otilde;',
};

/** Text as some CV CRM screens store it: HTML-escaped (`&amp;`, `&eacute;`). */
export function htmlEncode(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/[\u0080-\uffff]/g, (ch) => ENTITY[ch] ?? ch);
}
