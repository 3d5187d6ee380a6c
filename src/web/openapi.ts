// The OpenAPI 3 description of every route, served at /api/openapi.json.
import { DEFINITIONS as D, LOST_REASONS_RULE } from './page/help-text.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_PERIOD_DAYS } from './params.ts';

type Param = Record<string, unknown>;

const q = (name: string, description: string, schema: Record<string, unknown>): Param => ({ name, in: 'query', required: false, description, schema });

const P = {
  periodo: q('periodo', 'Últimos N dias contando hoje (horário de Brasília). Não combina com de/ate.', { type: 'integer', minimum: 1, maximum: MAX_PERIOD_DAYS }),
  de: q('de', 'Primeiro dia do período (inclusive), AAAA-MM-DD.', { type: 'string', format: 'date' }),
  ate: q('ate', 'Último dia do período (inclusive), AAAA-MM-DD.', { type: 'string', format: 'date' }),
  empreendimento: q('empreendimento', 'Empreendimento: id numérico ou nome exato. Um id vale numa só conta: quando a consulta abrange mais de uma conta, um id exige conta=<uma conta> (senão 400); um nome vale em cada conta.', { type: 'string', maxLength: 200 }),
  corretor: q('corretor', 'Corretor da venda: id numérico ou nome exato. Um id vale numa só conta: quando a consulta abrange mais de uma conta, um id exige conta=<uma conta> (senão 400); um nome vale em cada conta.', { type: 'string', maxLength: 200 }),
  limit: q('limit', 'Itens por página.', { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
  offset: q('offset', 'Itens a pular.', { type: 'integer', minimum: 0, default: 0 }),
  conta: q('conta', 'Conta do CV CRM: um nome ou vários separados por vírgula. Sem ele, todas as contas configuradas que o acesso permite (dados de uma conta que deixou de estar configurada não contam em lugar nenhum; um token ou login com ":conta=" vê só as suas; pedir outra responde 403 conta_nao_permitida). Com mais de uma conta configurada, as linhas por empreendimento, corretor, time, origem e recurso trazem o campo conta.', { type: 'string', maxLength: 200 }),
  format: q('format', 'csv: UTF-8 com BOM, separador ";" e vírgula decimal (Excel pt-BR); células de texto que começam com = + - @ (também depois de espaços, e os sinais de largura total ＝ ＋ － ＠) recebem um apóstrofo (sem fórmulas); uma resposta sem linhas traz o cabeçalho.', { type: 'string', enum: ['json', 'csv'] }),
};

const SALES = [P.periodo, P.de, P.ate, P.conta, P.empreendimento, P.corretor, P.format];
const PROJECT = [P.periodo, P.de, P.ate, P.conta, P.empreendimento, P.format];

const ERROR = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
};

const money = { type: 'number', description: 'Reais' };
const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties });

function op(summary: string, description: string, parameters: Param[], schema: Record<string, unknown> = { type: 'object' }, secured = true) {
  return {
    get: {
      summary,
      description,
      parameters,
      ...(secured ? {} : { security: [] }),
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema }, ...(parameters.includes(P.format) ? { 'text/csv': { schema: { type: 'string' } } } : {}) } },
        400: { description: 'Parâmetro inválido', content: { 'application/json': { schema: ERROR } } },
        401: { description: 'Sem autenticação', content: { 'application/json': { schema: ERROR } } },
        429: { description: 'Limite de requisições', content: { 'application/json': { schema: ERROR } } },
      },
    },
  };
}

const FAILURE_KIND = { type: 'string', enum: ['credenciais_recusadas', 'limite_de_requisicoes', 'api_inacessivel', 'banco_de_dados', 'outro'] };
const SYNC_STATUS = obj({
  ultima_sincronizacao: { type: 'string', format: 'date-time', nullable: true },
  estado: { type: 'string', enum: ['ok', 'em_execucao', 'falha', 'nunca'] },
  ultima_falha: {
    ...obj({ tipo: FAILURE_KIND, mensagem: { type: 'string' }, o_que_fazer: { type: 'string' }, recurso: { type: 'string' }, quando: { type: 'string', format: 'date-time', nullable: true }, detalhe: { type: 'string' } }),
    nullable: true,
  },
  recursos: { type: 'array', items: obj({ recurso: { type: 'string' }, em_execucao: { type: 'boolean' }, falhas_consecutivas: { type: 'integer' }, tipo_falha: { ...FAILURE_KIND, nullable: true } }) },
});

const MONTHLY = 'Meses inteiros do período (no mínimo 12, terminando no mês de "ate" ou no mês atual; no máximo 120).';

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: {
      title: 'cvcrm-etl: painel e APIs de vendas',
      version: '1.0.0',
      description: `${D.venda_contada.text} (public.vw_vendas_ativas). ${D.venda_assinada.text} (public.vw_vendas_assinadas: VSO e distratos). Valores em reais como números JSON. Dados de clientes mascarados, salvo para tokens/usuários com o sufixo ":pii".`,
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Um dos tokens de API_TOKENS.' },
        session: { type: 'apiKey', in: 'cookie', name: 'cvcrm_sessao', description: 'Sessão do painel (POST /login).' },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths: {
      '/': { get: { summary: 'Painel de vendas (HTML, pt-BR)', security: [{ session: [] }], responses: { 200: { description: 'HTML' }, 302: { description: 'Para /login' } } } },
      '/login': {
        get: { summary: 'Formulário de login', security: [], responses: { 200: { description: 'HTML' } } },
        post: { summary: 'Entrar (form usuario, senha)', security: [], responses: { 303: { description: 'Sessão criada' }, 401: { description: 'Credenciais inválidas' }, 429: { description: 'Tentativas demais' } } },
      },
      '/logout': { post: { summary: 'Sair (encerra a sessão)', responses: { 303: { description: 'Para /login' } } } },
      '/health': op('Saúde do serviço', 'Anônimos recebem só {"status"}; autenticados, o relatório completo. 503 quando não saudável.', [], obj({ status: { type: 'string', enum: ['healthy', 'unhealthy'] }, database: {}, api: {}, last_sync: {}, timestamp: {} }), false),
      '/metrics': { get: { summary: 'Métricas Prometheus (texto)', responses: { 200: { description: 'text/plain' }, 404: { description: 'Sem métricas neste processo' } } } },
      '/static/{file}': { get: { summary: 'Arquivos do painel (app.js, app.css, chart.umd.js…)', security: [], parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'Arquivo' }, 404: { description: 'Não existe' } } } },
      '/api/openapi.json': op('Este documento', 'OpenAPI 3.', []),
      '/api/kpis': op('Indicadores', `Sem filtro: os mesmos números de vw_kpis_vendas. ${D.ticket_medio.text}`, SALES, obj({ total_vendas: { type: 'integer' }, valor_total: money, ticket_medio: money, comissao_total: money, total_corretores: { type: 'integer' }, total_empreendimentos: { type: 'integer' } })),
      '/api/sales': op('Vendas', 'Vendas contadas, mais recentes primeiro. Cliente mascarado ("Maria S."), salvo acesso :pii.', [...SALES, P.limit, P.offset], obj({ vendas: { type: 'array', items: obj({ cvcrm_id: { type: 'integer' }, cliente: { type: 'string' }, corretor: { type: 'string' }, empreendimento: { type: 'string' }, valor: money, data_venda: { type: 'string', format: 'date' }, comissao_valor: money }) }, total: { type: 'integer' }, periodo: { type: 'string' } })),
      '/api/summary': op('Cartões do painel', 'Vendas, VGV, ticket médio, comissão, VSO, pró-soluto % e estoque disponível, com o período anterior de mesma duração. VSO e estoque: por empreendimento, sem filtro de corretor.', PROJECT),
      '/api/sales/monthly': op('Vendas e VGV por mês', `${MONTHLY} Com os mesmos meses um ano antes.`, SALES),
      '/api/sales/growth': op('Crescimento', 'Mês de referência (mês de "ate" ou o atual) contra o mês anterior (MoM) e o mesmo mês do ano anterior (YoY), em vendas e VGV.', SALES),
      '/api/sales/by-project': op('Vendas por empreendimento', `Vendas, VGV, ticket médio e comissão por empreendimento. ${D.ticket_medio.text}`, SALES),
      '/api/brokers': op('Ranking de corretores', 'Por VGV. Comissão: o que cada corretor recebe das vendas do período (uma venda pode pagar vários).', [...SALES, P.limit]),
      '/api/teams': op('Vendas por time', 'Agrupadas por time_corretor (nome_time).', SALES),
      '/api/lead-sources': op('Origem dos leads', 'Agrupadas por origem_lead (mídia), com participação nas vendas.', SALES),
      '/api/inventory': op('Estoque', `Unidades por empreendimento e situação, agora (public.unidades). ${D.situacao_unidade.text}`, [P.conta, P.empreendimento, P.format]),
      '/api/vso': op('VSO por empreendimento e mês', `${MONTHLY} VSO = vendas líquidas do mês (vendas assinadas − distratos) ÷ (estoque no 1º dia + unidades lançadas no mês) × 100. fonte_estoque: "snapshot" (foto diária) ou "reconstruido" (unidades − vendas líquidas até o dia).`, PROJECT),
      '/api/pro-soluto': op('Pró-soluto por mês', `${MONTHLY} Soma de vendas.pro_soluto e participação no VGV. ${D.pro_soluto.text}`, SALES),
      '/api/distratos': op('Distratos por mês', `${MONTHLY} Vendas assinadas desfeitas, pela data do distrato: quantidade e valor.`, SALES),
      '/api/dashboard': op('Tudo o que o painel mostra', 'Cartões, séries, rankings, estoque, VSO, vendas recentes (15) e sincronização numa só resposta (JSON), com os mesmos números das rotas individuais, mais hoje (a data atual do servidor em Brasília, AAAA-MM-DD) e agora (o instante do servidor, ISO 8601).', [P.periodo, P.de, P.ate, P.conta, P.empreendimento]),
      '/api/sync-status': op('Sincronização', 'Última sincronização e estado por recurso. estado: "em_execucao" só enquanto uma execução está de fato em andamento (um processo vivo segura o recurso), "falha" quando a última execução de algum recurso falhou (mesmo que ela possa ser retomada), "ok" ou "nunca". ultima_falha: a falha mais recente explicada (tipo: credenciais_recusadas, limite_de_requisicoes, api_inacessivel, banco_de_dados ou outro; mensagem; o_que_fazer; recurso; quando; detalhe), ou null.', [P.conta, P.format], SYNC_STATUS),
      '/api/projects': op('Empreendimentos', 'Lista para filtros.', [P.conta, P.format]),
      '/api/funnel': op('Funil comercial', `Conversão da safra: os leads cadastrados no período (${D.lead_data.text}) e quantos deles chegaram a cada etapa (leads, visitas, reservas, vendas), em % dos leads e da etapa anterior (1 casa decimal; null quando a base é 0). ${D.lead_visita.text} ${D.lead_reserva.text} ${D.lead_venda.text} safra.idade_dias: dias do fim do período até hoje (0 quando termina hoje ou depois; null sem data final, quando a safra mistura leads de todas as idades); safra.descricao e safra.observacao: a safra e o que sua idade significa, em português. ${D.dias_ate_venda.text} ${D.horas_primeiro_atendimento.text} (medianas; null sem dados; tempos negativos ficam de fora). leads_com_venda_medidos: quantos leads vendidos entram na mediana de dias até a venda. fluxo: os eventos do período, cada um pela sua data; visitas só de leads que contam. Empreendimento e corretor: os do lead. CSV: uma linha por etapa.`, SALES),
      '/api/funnel/flow': op('Fluxo do período', 'Eventos do período, cada um pela sua própria data: leads (cadastro), visitas concluídas de leads que contam (ativos e não excluídos), reservas ativas (cadastro da reserva) e vendas contadas (data da venda, as mesmas das rotas de vendas). Não é conversão.', SALES),
      '/api/funnel/by-origin': op('Funil por origem', `Conversão da safra por origem do lead, por leads (decrescente) e nome. ${D.lead_origem.text}`, SALES),
      '/api/funnel/by-media': op('Funil por mídia', 'Conversão da safra por mídia original do lead; "Não informado" quando o lead não tem uma.', SALES),
      '/api/funnel/by-broker': op('Funil por corretor', 'Conversão da safra por corretor do lead (idcorretor, corretor, imobiliaria), por leads (decrescente) e nome; total: quantos corretores ao todo.', [...SALES, P.limit, P.offset]),
      '/api/funnel/by-project': op('Funil por empreendimento', 'Conversão da safra por empreendimento do lead (idempreendimento, empreendimento), por leads (decrescente) e nome.', SALES),
      '/api/leads/lost-reasons': op('Motivos de perda', `Leads perdidos no período (pela data da perda), pelos 10 motivos mais comuns (empates pelo nome), com a participação no total de perdidos. ${LOST_REASONS_RULE} ${D.motivo_perda.text}`, SALES),
    },
  };
}
