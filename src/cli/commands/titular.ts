// `cvcrm-etl titular`: the LGPD rights of the data subject (art. 18). Lists where a person's data
// is stored, or anonymises it; prints tables, keys and fields, never a value.
import { userInfo } from 'node:os';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import { anonymiseSubject, consultSubject, type Finding } from '../../lgpd/requests.ts';
import { parseSubject, SubjectError } from '../../lgpd/subject.ts';
import { UsageError, type Command } from '../command.ts';
import { parseFlags } from '../parse-flags.ts';

const HELP = `Uso: cvcrm-etl titular consultar|anonimizar (--cpf CPF | --email EMAIL) [--solicitante NOME]

Direitos do titular (LGPD, art. 18).

  consultar   lista onde estão os dados da pessoa: tabela, chave (referencia) e campos, inclusive
              dentro de payload, em etl.rejected_records e em etl.field_problems. Nunca mostra os
              valores.
  anonimizar  substitui os dados pessoais desses registros por "[anonimizado]" em todas as colunas
              e dentro de payload; valores e datas das vendas ficam, e os números não mudam. As
              sincronizações seguintes mantêm a pessoa anonimizada.

  --cpf          CPF (ou CNPJ), com ou sem pontuação: só os dígitos são usados
  --email        e-mail, sem diferença entre maiúsculas e minúsculas
  --solicitante  quem pede (fica no registro do pedido); sem ele, o usuário do sistema

Cada pedido fica registrado em etl.data_subject_requests (quando, por quem, quais linhas), com um
resumo irreversível do CPF ou e-mail, nunca o valor. Funciona também com PII_STORAGE=hashed.
Cópias de segurança anteriores e o próprio CV CRM não são alterados: veja SECURITY.md.`;

export const titularCommand: Command = {
  name: 'titular',
  summary: 'LGPD: consultar ou anonimizar os dados de um titular (--cpf | --email)',
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(args, {
      cpf: { type: 'string' }, email: { type: 'string' }, solicitante: { type: 'string' },
    }, true);
    const action = positionals[0];
    if (positionals.length !== 1 || (action !== 'consultar' && action !== 'anonimizar')) {
      throw new UsageError('Informe a ação: cvcrm-etl titular consultar|anonimizar (--cpf … | --email …).');
    }
    let subject;
    try {
      subject = parseSubject({ cpf: values.cpf, email: values.email });
    } catch (error) {
      if (error instanceof SubjectError) throw new UsageError(error.message);
      throw error;
    }
    const requestedBy = values.solicitante?.trim() || userInfo().username;
    const config = ctx.config();
    const db = await openDatabase(config, 'cvcrm-etl titular');
    try {
      await migrate(db);
      const run = action === 'consultar' ? consultSubject : anonymiseSubject;
      const outcome = await run(db, subject, config.pii, requestedBy);
      ctx.stdout.write(report(action, outcome.findings, outcome.requestId));
      return 0;
    } finally {
      await db.close();
    }
  },
};

function report(action: 'consultar' | 'anonimizar', findings: readonly Finding[], requestId: number): string {
  const audit = `Pedido registrado em etl.data_subject_requests (id ${requestId}).\n`;
  if (findings.length === 0) return `Nenhum registro deste titular encontrado.\n${audit}`;
  const several = new Set(findings.map((f) => f.conta)).size > 1 || findings.some((f) => f.conta !== 'principal');
  const rows = [[...(several ? ['conta'] : []), 'tabela', 'chave', 'campos'],
    ...findings.map((f) => [...(several ? [f.conta] : []), f.table, f.key, f.fields.join(', ')])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const head = action === 'consultar'
    ? `${findings.length === 1 ? '1 registro guarda' : `${findings.length} registros guardam`} dados deste titular:`
    : `${findings.length === 1 ? '1 registro anonimizado' : `${findings.length} registros anonimizados`}:`;
  return `${head}\n${rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')}\n${audit}`;
}
