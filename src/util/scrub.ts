// Free text (error messages from drivers, HTTP libraries, the API) can carry personal data or
// secrets that key-based redaction never sees. Everything that leaves the process as text (logs,
// alerts, /health) passes through scrubText first.

interface Rule {
  readonly pattern: RegExp;
  readonly replacement: string;
}

// Order matters: credentials inside URLs go before e-mails (user:pass@host looks like an
// address), and formatted documents before bare digit runs.
const RULES: readonly Rule[] = [
  // scheme://user:password@host → scheme://[redacted]@host
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi, replacement: '$1[redacted]@' },
  // scheme://user@host (a user name alone can be an e-mail or a login)
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, replacement: '$1[redacted]@' },
  { pattern: /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, replacement: '$1 [redacted]' },
  // "token XYZ": only when XYZ has a digit, so "invalid token provided" stays readable
  { pattern: /\b(token)\s+(?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}/gi, replacement: '$1 [redacted]' },
  // key=value / key: value pairs naming a secret, as in query strings, headers and DSNs
  {
    pattern: /\b(password|passwd|pwd|senha|secret|token|api[_-]?key|apikey|access[_-]?token|authorization)(["']?\s*[=:]\s*["']?)[^\s&"',;]+/gi,
    replacement: '$1$2[redacted]',
  },
  { pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, replacement: '[email]' },
  { pattern: /\b\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}\b/g, replacement: '[cnpj]' },
  { pattern: /\b\d{3}\.\d{3}\.\d{3}-\d{2}\b/g, replacement: '[cpf]' },
  // JWTs, then long hex strings (API tokens, hashes of secrets)
  { pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replacement: '[token]' },
  { pattern: /\b[0-9a-f]{32,}\b/gi, replacement: '[token]' },
  // bare CPF (11 digits) and CNPJ (14 digits); longer runs are left alone (ids, timestamps)
  { pattern: /(?<![\d.])\d{14}(?![\d.])/g, replacement: '[cnpj]' },
  { pattern: /(?<![\d.])\d{11}(?![\d.])/g, replacement: '[cpf]' },
];

/** Removes e-mails, CPFs/CNPJs, tokens and URL credentials from free text. */
export function scrubText(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.pattern, rule.replacement);
  return out;
}

/** One line of at most `max` characters, scrubbed: for error sentences in alerts and /health. */
export function scrubSentence(value: unknown, max = 300): string {
  const raw = value instanceof Error ? value.message : typeof value === 'string' ? value : String(value);
  const line = scrubText(raw).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
