// GET /api/v1/cadastros/empreendimentos: every project as a plain JSON array (no envelope, no
// paging), as the real cadastros API answers. One project in seven carries a zero data_cad.
import { day, dtOrZero, type Rec } from './format.ts';
import type { GeneratorContext } from './source.ts';

export function empreendimentoRecord(ctx: GeneratorContext, index: number): Rec {
  const project = ctx.parties.project(index);
  return {
    idempreendimento: project.id,
    idempreendimento_int: project.code,
    nome: project.nome,
    situacao_comercial: [{ nome: project.situacaoComercial }],
    tipo_empreendimento: [{ nome: project.tipo }],
    cidade: project.city.name,
    estado: project.city.uf,
    endereco: project.endereco,
    bairro: project.bairro,
    cep: project.cep,
    data_cad: dtOrZero(project.dataCad),
    data_entrega: day(project.dataEntrega),
    regiao: project.city.region,
  };
}

export function allEmpreendimentos(ctx: GeneratorContext): Rec[] {
  const records: Rec[] = [];
  for (let index = 0; index < ctx.world.projects; index += 1) records.push(empreendimentoRecord(ctx, index));
  return records;
}
