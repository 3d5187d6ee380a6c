// How each figure of the dashboard is computed, in the words shown to its readers.
//
// The business definitions themselves live in SQL (migrations/0015_business_definitions.sql),
// where every query reads them. DEFINITIONS repeats, word for word, the comment each of those
// SQL objects carries; a test compares the two on a migrated database, so the help texts and the
// API description below cannot drift from what the queries compute.

import { DASHBOARD_FUNNEL_BROKERS } from '../../figures/funnel-dashboard.ts';

export interface Definition {
  /** The SQL object that holds the definition, as `comment on` names it. */
  readonly sqlObject: string;
  /** Its comment in the database: the definition in the reader's words. */
  readonly text: string;
}

export const DEFINITIONS = {
  venda_contada: {
    sqlObject: 'view public.vw_vendas_ativas',
    text: 'Vendas contadas: ativas, com data de venda, valor maior que zero e que não viraram distrato.',
  },
  venda_assinada: {
    sqlObject: 'view public.vw_vendas_assinadas',
    text: 'Vendas assinadas: ativas, com data de venda e valor maior que zero, inclusive as desfeitas depois por distrato.',
  },
  situacao_unidade: {
    sqlObject: 'function public.unidade_status(bigint)',
    text: 'Situação da unidade: 1 disponível, 2 reservada, 3 vendida, 4 bloqueada, 5 em processo de reserva.',
  },
  unidade_reservada: {
    sqlObject: 'function public.unidade_reservada(bigint)',
    text: 'Unidades reservadas: situação 2 (reservada) ou 5 (em processo de reserva).',
  },
  pro_soluto: {
    sqlObject: 'function public.pro_soluto(numeric, numeric, numeric, numeric)',
    text: 'Pró-soluto: parte do preço paga diretamente à incorporadora (valor do contrato − financiamento − FGTS − subsídio).',
  },
  ticket_medio: {
    sqlObject: 'function public.ticket_medio(numeric, bigint)',
    text: 'Ticket médio: VGV vendido ÷ quantidade de vendas.',
  },
  lead_data: {
    sqlObject: 'column bi.fato_leads.data_lead',
    text: 'Data de cadastro do lead (data_cad): define a safra do funil.',
  },
  lead_origem: {
    sqlObject: 'column bi.fato_leads.origem',
    text: 'Origem (canal) do lead; "Não informado" quando o lead não tem uma.',
  },
  lead_visita: {
    sqlObject: 'column bi.fato_leads.tem_visita',
    text: 'Visita: o lead tem ao menos uma visita concluída (com data de conclusão).',
  },
  lead_reserva: {
    sqlObject: 'column bi.fato_leads.tem_reserva',
    text: 'Reserva: o lead está em ao menos uma reserva ativa, qualquer que seja a situação dela; uma reserva pode vir de vários leads.',
  },
  lead_venda: {
    sqlObject: 'column bi.fato_leads.tem_venda',
    text: 'Venda: ao menos uma reserva do lead é uma venda contada, como nos números de vendas.',
  },
  dias_ate_venda: {
    sqlObject: 'column bi.fato_leads.dias_ate_venda',
    text: 'Tempo até a venda: dias entre o cadastro do lead e a sua primeira venda contada.',
  },
  horas_primeiro_atendimento: {
    sqlObject: 'column bi.fato_leads.horas_primeiro_atendimento',
    text: 'Tempo de primeiro atendimento: horas entre o cadastro do lead e a primeira interação do corretor.',
  },
  motivo_perda: {
    sqlObject: 'column bi.fato_leads.motivo_perda',
    text: 'Motivo da perda do lead (motivo_cancelamento, senão motivo); "Não informado" quando não há.',
  },
  reserva_venda: {
    sqlObject: 'column bi.fato_reservas.eh_venda',
    text: 'Venda contada: a reserva está em public.vw_vendas_ativas.',
  },
  reserva_distrato: {
    sqlObject: 'column bi.fato_reservas.eh_distrato',
    text: 'Distrato: a venda foi desfeita (situação Distrato).',
  },
} as const satisfies Record<string, Definition>;

const D = DEFINITIONS;

export const CARD_HELP = {
  vendas: `Quantidade de vendas com data de venda no período (horário de Brasília). ${D.venda_contada.text} Comparação com o período anterior de mesma duração.`,
  vgv: 'VGV vendido: soma do valor de contrato das vendas do período.',
  ticket_medio: `${D.ticket_medio.text} Sobre as vendas do período.`,
  comissao: 'Soma das comissões ativas das vendas do período (todas as comissões de cada venda, mesmo quando divididas entre corretores).',
  vso: `Vendas sobre oferta: vendas líquidas do período (vendas assinadas − distratos ocorridos no período) ÷ (estoque disponível no primeiro dia + unidades lançadas no período) × 100. ${D.venda_assinada.text} O estoque do primeiro dia vem da foto diária das unidades quando ela existe; senão é reconstruído como total de unidades − vendas líquidas até aquele dia. Variação em pontos percentuais (p.p.).`,
  pro_soluto: `${D.pro_soluto.text} Somado nas vendas do período, como porcentagem do VGV vendido. Variação em pontos percentuais (p.p.).`,
  distratos: 'Vendas desfeitas por distrato com data do distrato no período (cada distrato conta no mês em que aconteceu), e o valor desses contratos.',
  estoque_disponivel: `Unidades disponíveis (situação 1) ao fim do período, comparadas com o início do período. Reservadas e bloqueadas aparecem à parte, no gráfico de estoque. ${D.situacao_unidade.text}`,
} as const;

export const CHART_HELP = {
  mensal: 'Vendas (barras) e VGV (linha) por mês da data de venda; em tom claro, os mesmos meses um ano antes. Mostra no mínimo 12 meses, terminando no mês final do período.',
  crescimento: 'Mês de referência (o mês final do período) comparado com o mês anterior (MoM) e com o mesmo mês do ano anterior (YoY). O mês corrente ainda está em andamento.',
  empreendimentos: 'Vendas e VGV por empreendimento no período.',
  corretores: 'Os 10 corretores com maior VGV no período. Comissão: o que cada corretor recebe das vendas do período (uma venda pode pagar vários corretores).',
  times: 'Vendas e VGV por time do corretor.',
  origem: 'Vendas por mídia de origem do lead (Instagram, Google, estande, indicação…).',
  estoque: `Unidades por situação agora: disponível, reservada, em reserva, vendida e bloqueada. ${D.situacao_unidade.text}`,
  vso: 'VSO por mês: vendas líquidas do mês ÷ (estoque no 1º dia do mês + unidades lançadas no mês) × 100. A tabela mostra o último mês por empreendimento e de onde veio o estoque (foto diária ou reconstruído).',
  pro_soluto: `Pró-soluto por mês (R$, barras) e sua participação no VGV vendido (%, linha). ${D.pro_soluto.text}`,
  distratos: 'Distratos por mês em que ocorreram (data do distrato): quantidade e valor dos contratos desfeitos.',
  vendas: 'As vendas mais recentes do período. Nomes de clientes aparecem abreviados (LGPD).',
  sync: 'Última sincronização com o CV CRM de cada recurso e o resultado da última execução.',
} as const;

const SAFRA = 'Safra: os leads cadastrados no período (pela data de cadastro), com o filtro de empreendimento e corretor aplicado ao lead.';

/** Where the funnel's help says how old the cohort is; the page puts the cohort's `observacao` there. */
export const COHORT_AGE_SLOT = '{safra}';

/** What the help says about the cohort's age before the figures arrive. */
export const COHORT_AGE_UNKNOWN = 'Quanto mais recente o fim do período, menos a safra já converteu: visitas, reservas e vendas dos leads mais novos ainda podem acontecer.';

/** How many brokers the dashboard's table shows, and where the rest are. */
export const BROKER_TABLE_SCOPE = `${DASHBOARD_FUNNEL_BROKERS} corretores com mais leads na safra`;

/** Which loss of a lead the lost reasons count; said in the help and in the API description. */
export const LOST_REASONS_RULE = 'Cada lead conta uma vez, pela sua perda mais recente: entra no período em que foi perdido pela última vez (um lead perdido, recuperado e perdido de novo conta só na última perda).';

/** The funnel's help texts; the conversion's ends with the cohort's age (COHORT_AGE_SLOT). */
export const FUNNEL_HELP = {
  conversao: `Conversão da safra. ${SAFRA} ${D.lead_data.text} Cada etapa é a parte dos leads da safra que, até hoje, chegou a ela (%, 1 casa decimal). ${D.lead_visita.text} ${D.lead_reserva.text} ${D.lead_venda.text} ${D.venda_contada.text} ${COHORT_AGE_SLOT}`,
  fluxo: 'Fluxo do período: quantos eventos de cada etapa aconteceram no período, cada um pela sua própria data: leads pelo cadastro, visitas pela conclusão, reservas ativas pelo cadastro da reserva e vendas contadas pela data da venda (os mesmos números das vendas). Só contam visitas de leads que contam na etapa de leads (ativos e não excluídos). Não é conversão: os eventos podem ser de leads de outras safras.',
  dias_ate_venda: `${D.dias_ate_venda.text} Mediana sobre os leads da safra que já têm venda e tempo medido; fica de fora uma venda com data anterior ao cadastro do lead (erro de cadastro). O cartão diz quantos leads entram na mediana.`,
  horas_primeiro_atendimento: `${D.horas_primeiro_atendimento.text} Mediana sobre os leads da safra que têm essa interação.`,
  origem: `Conversão da safra por origem do lead: a parte dos leads de cada origem que chegou a uma venda contada (%). Passe o mouse sobre uma barra para ver quantos leads, visitas, reservas e vendas a origem teve: uma taxa alta sobre poucos leads pesa pouco. ${D.lead_origem.text}`,
  corretores: `Conversão da safra por corretor do lead: leads, visitas, reservas, vendas, conversão em venda (% dos leads) e mediana do tempo de primeiro atendimento. A tabela mostra os ${BROKER_TABLE_SCOPE} e ordena só esses; todos os corretores estão em /api/funnel/by-broker?limit=1000&offset=0 (acrescente &format=csv para planilha). Clique no título de uma coluna para ordenar.`,
  motivos: `Leads perdidos no período (pela data da perda), pelos 10 motivos mais comuns. ${LOST_REASONS_RULE} ${D.motivo_perda.text}`,
} as const;
