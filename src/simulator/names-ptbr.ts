// Word lists for realistic Brazilian data. Plain data; the generators decide how to combine it.

export const MALE_FIRST_NAMES = [
  'José', 'João', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos',
  'Luís', 'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Raimundo', 'Rodrigo',
  'Sebastião', 'Thiago', 'Mateus', 'André', 'Fernando', 'Fábio', 'Leonardo', 'Gustavo', 'Guilherme', 'Márcio',
  'Ricardo', 'Vinícius', 'Diego', 'Renato', 'Otávio', 'Caio', 'Henrique', 'Samuel', 'Murilo', 'Cícero',
] as const;

export const FEMALE_FIRST_NAMES = [
  'Maria', 'Ana', 'Francisca', 'Antônia', 'Adriana', 'Juliana', 'Márcia', 'Fernanda', 'Patrícia', 'Aline',
  'Sandra', 'Camila', 'Amanda', 'Bruna', 'Jéssica', 'Letícia', 'Júlia', 'Luciana', 'Vanessa', 'Mariana',
  'Gabriela', 'Vitória', 'Larissa', 'Cláudia', 'Beatriz', 'Luíza', 'Rita', 'Sônia', 'Renata', 'Eliane',
  'Conceição', 'Tatiane', 'Débora', 'Raquel', 'Simone', 'Fátima', 'Lúcia', 'Carolina', 'Isabela', 'Hannah',
] as const;

export const SURNAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes',
  'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa',
  'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas',
  'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira', 'Araújo', 'Barreto', 'Nogueira', 'Menezes', 'Magalhães',
  'Conceição', 'Assunção', 'Batista', 'Cavalcanti', 'Monteiro', 'Pinheiro', 'Correia', 'Brandão', 'Fontes', 'Prado',
  'Sá', 'Romão', 'Aragão', 'Falcão', 'Leão', 'Tavares', 'Campos', 'Bezerra', 'Macêdo', 'Guimarães',
] as const;

export interface City {
  readonly name: string;
  readonly uf: string;
  readonly region: string;
  readonly cepPrefix: string;
}

export const CITIES: readonly City[] = [
  { name: 'Aracaju', uf: 'SE', region: 'Nordeste', cepPrefix: '490' },
  { name: 'Salvador', uf: 'BA', region: 'Nordeste', cepPrefix: '410' },
  { name: 'Recife', uf: 'PE', region: 'Nordeste', cepPrefix: '510' },
  { name: 'Fortaleza', uf: 'CE', region: 'Nordeste', cepPrefix: '601' },
  { name: 'Maceió', uf: 'AL', region: 'Nordeste', cepPrefix: '570' },
  { name: 'João Pessoa', uf: 'PB', region: 'Nordeste', cepPrefix: '580' },
  { name: 'Natal', uf: 'RN', region: 'Nordeste', cepPrefix: '590' },
  { name: 'São Paulo', uf: 'SP', region: 'Sudeste', cepPrefix: '045' },
  { name: 'Campinas', uf: 'SP', region: 'Sudeste', cepPrefix: '130' },
  { name: 'Belo Horizonte', uf: 'MG', region: 'Sudeste', cepPrefix: '301' },
  { name: 'Rio de Janeiro', uf: 'RJ', region: 'Sudeste', cepPrefix: '220' },
  { name: 'Vitória', uf: 'ES', region: 'Sudeste', cepPrefix: '290' },
  { name: 'Curitiba', uf: 'PR', region: 'Sul', cepPrefix: '804' },
  { name: 'Porto Alegre', uf: 'RS', region: 'Sul', cepPrefix: '904' },
  { name: 'Florianópolis', uf: 'SC', region: 'Sul', cepPrefix: '880' },
  { name: 'Goiânia', uf: 'GO', region: 'Centro-Oeste', cepPrefix: '742' },
  { name: 'Brasília', uf: 'DF', region: 'Centro-Oeste', cepPrefix: '716' },
  { name: 'Campo Grande', uf: 'MS', region: 'Centro-Oeste', cepPrefix: '790' },
  { name: 'Manaus', uf: 'AM', region: 'Norte', cepPrefix: '690' },
  { name: 'Belém', uf: 'PA', region: 'Norte', cepPrefix: '660' },
];

export const NEIGHBOURHOODS = [
  'Centro', 'Jardins', 'Farolândia', 'Atalaia', 'Grageru', 'Luzia', 'Ponta Verde', 'Pituba', 'Boa Viagem',
  'Aldeota', 'Savassi', 'Moema', 'Batel', 'Jardim Botânico', 'Ponta Negra', 'Cidade Nova', 'Boa Vista',
  'Vila Nova', 'Santa Mônica', 'São José', 'Jardim América', 'Industrial', 'Coroa do Meio', 'Treze de Julho',
] as const;

export const STREETS = [
  'Rua Tenente Pinheiro', 'Avenida Beira Mar', 'Rua das Flores', 'Avenida Brasil', 'Rua Sete de Setembro',
  'Avenida Santos Dumont', 'Rua Marechal Deodoro', 'Rua Quintino Bocaiúva', 'Avenida Tancredo Neves',
  'Rua São João', 'Avenida Getúlio Vargas', 'Rua Rui Barbosa', 'Avenida Presidente Vargas', 'Rua Duque de Caxias',
] as const;

export const PROJECT_PREFIXES = ['Residencial', 'Condomínio', 'Edifício'] as const;

export const PROJECT_CORES = [
  'Jardim das Acácias', 'Bela Vista', 'Parque das Flores', 'Vila dos Ipês', 'Recanto dos Pássaros',
  'Solar das Palmeiras', 'Mirante do Vale', 'Porto Seguro', 'Alto da Colina', 'Reserva do Bosque',
  'Jardins do Atlântico', 'Villa Toscana', 'Costa Azul', 'Horizonte Verde', 'Terraço das Mangueiras',
  'Vale dos Sonhos', 'Ilha Bela', 'Monte Sião', 'Praia dos Corais', 'Cidade Jardim',
  'Quinta das Laranjeiras', 'Aurora', 'Brisa do Mar', 'Parque Tropical', 'Lagoa Dourada',
  'Vista Alegre', 'Encanto das Águas', 'Pôr do Sol', 'Bosque das Araucárias', 'Nova Esperança',
  'Boulevard das Artes', 'Green Park', 'Riviera', 'Alameda dos Jacarandás', 'Jardim Europa',
  'Varandas do Rio', 'Pátio das Orquídeas', 'Mar Azul', 'Serra Verde', 'Caminho das Pedras',
] as const;

export const AGENCY_SUFFIXES = [
  'Imóveis', 'Negócios Imobiliários', 'Consultoria Imobiliária', 'Corretores Associados', 'Prime Imóveis',
  'Empreendimentos Imobiliários', 'Imobiliária',
] as const;

export const TEAM_NAMES = [
  'Time Águia', 'Time Falcão', 'Equipe Leões', 'Time Diamante', 'Equipe Alpha', 'Time Fênix', 'Equipe Tubarões',
  'Time Estrela', 'Equipe Vanguarda', 'Time Titãs', 'Equipe Horizonte', 'Time Pantera', 'Equipe Cometa',
  'Time Safira', 'Equipe Lobos', 'Time Netuno', 'Equipe Condor', 'Time Jaguar', 'Equipe Orion', 'Time Mustang',
] as const;

/** `[idmidia, midia]`; idmidia 0 with a null name also happens in live data. */
export const MIDIAS: readonly (readonly [number, string])[] = [
  [1, 'Instagram'], [2, 'Google'], [3, 'Facebook'], [4, 'Stand de vendas'], [5, 'Indicação'], [6, 'Site'],
  [7, 'Portal ZAP Imóveis'], [8, 'WhatsApp'], [9, 'Outdoor'], [10, 'Feirão'],
];

export const ESTADOS_CIVIS = ['Solteiro(a)', 'Casado(a)', 'Divorciado(a)', 'União estável', 'Viúvo(a)'] as const;

export const EMAIL_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br', 'uol.com.br', 'icloud.com'] as const;

export const MOTIVOS_DISTRATO = [
  'Desistência do cliente', 'Financiamento não aprovado', 'Perda de renda', 'Mudança de cidade', 'Inadimplência',
  'Insatisfação com o prazo de entrega',
] as const;

export const MOTIVOS_CANCELAMENTO = [
  'Reserva expirada', 'Documentação incompleta', 'Crédito reprovado', 'Cliente desistiu', 'Troca de unidade',
] as const;

export const CAMPANHAS = ['Feirão de Verão', 'Black Friday Imobiliária', 'Lançamento', 'Indique e Ganhe', 'Mês do Cliente'] as const;

export const BANKS = ['Caixa Econômica Federal', 'Banco do Brasil', 'Itaú Unibanco', 'Bradesco', 'Santander'] as const;

export const CORRESPONDENTES = ['Correspondente Caixa Aqui', 'Crédito Fácil Correspondente', 'Habitar Correspondente Bancário'] as const;

export const ROMAN = ['', ' II', ' III', ' IV', ' V', ' VI', ' VII', ' VIII', ' IX', ' X', ' XI', ' XII', ' XIII', ' XIV', ' XV'] as const;

/** Lead channels (origem) with how often converted and not-converted leads come through them:
 * referrals and the sales stand convert far better than portals and Facebook, as in live funnels. */
export const ORIGENS: readonly (readonly [string, number, number])[] = [
  // [origem, weight among converted leads, weight among the others]
  ['Indicação', 16, 2], ['Stand de vendas', 14, 2], ['Telefone', 6, 4], ['WhatsApp', 10, 10], ['Site', 10, 12],
  ['Google', 8, 10], ['Instagram', 8, 14], ['Feirão', 4, 3], ['Facebook', 5, 20], ['Portal imobiliário', 6, 24],
];

/** Why a lead was lost: `[idmotivo, motivo, weight]`, skewed as real reasons are. */
export const MOTIVOS_PERDA: readonly (readonly [number, string, number])[] = [
  [1, 'Sem interesse', 22], [2, 'Não atende/sem contato', 18], [3, 'Sem condições financeiras', 14],
  [4, 'Comprou com concorrente', 10], [5, 'Preço', 9], [6, 'Localização', 7], [7, 'Lead duplicado', 6],
  [8, 'Crédito reprovado', 5], [9, 'Procurava imóvel para alugar', 4], [10, 'Prazo de entrega', 3], [11, 'Dados inválidos', 2],
];

/** How a lead reached the CRM (conversao), by origem; anything else arrived through a form. */
export const CONVERSOES: Readonly<Record<string, string>> = {
  'Indicação': 'Cadastro manual', 'Stand de vendas': 'Cadastro no plantão', Telefone: 'Ligação', WhatsApp: 'WhatsApp',
  'Portal imobiliário': 'Integração portal', Feirão: 'Cadastro manual',
};

export const FAIXAS_RENDA = [
  'Até R$ 2.640,00', 'De R$ 2.640,01 a R$ 4.400,00', 'De R$ 4.400,01 a R$ 8.000,00', 'De R$ 8.000,01 a R$ 12.000,00',
  'Acima de R$ 12.000,00',
] as const;

export const LEAD_TAGS = ['Investidor', 'Primeiro imóvel', 'Família grande', 'Quer varanda', 'Usa FGTS', 'Permuta'] as const;

export const MOMENTOS_LEAD = ['Descoberta', 'Consideração', 'Decisão'] as const;

export const MOTIVOS_REPROVACAO = ['Renda insuficiente', 'Restrição cadastral', 'Comprometimento de renda acima do limite'] as const;
