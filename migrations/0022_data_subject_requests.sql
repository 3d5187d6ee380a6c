-- LGPD art. 18: the requests of data subjects, and the subjects whose data later loads must keep
-- anonymised. Neither table holds a personal value: only one-way digests of the normalised CPF or
-- e-mail, and which rows were touched.
create table if not exists etl.data_subject_requests (
  id bigserial primary key,
  kind text not null check (kind in ('consultar', 'anonimizar')),
  requested_at timestamptz not null default now(),
  requested_by text not null,
  subject_digest text not null,
  -- {"cvdw.reservas": ["123", …], "public.vendas": […], …}: table → referencias (or keys) touched
  rows_affected jsonb not null default '{}'::jsonb
);
create index if not exists data_subject_requests_digest_idx on etl.data_subject_requests (subject_digest);

create table if not exists etl.anonymised_subjects (
  digest text primary key,
  request_id bigint references etl.data_subject_requests (id),
  anonymised_at timestamptz not null default now()
);

comment on table etl.data_subject_requests is 'Pedidos de titulares (LGPD, art. 18): quando, por quem, o quê e quais linhas; nunca o dado pessoal.';
comment on column etl.data_subject_requests.kind is 'consultar (onde estão os dados) ou anonimizar.';
comment on column etl.data_subject_requests.requested_by is 'Quem pediu: --solicitante ou o usuário do sistema operacional.';
comment on column etl.data_subject_requests.id is 'Número do pedido.';
comment on column etl.data_subject_requests.requested_at is 'Quando o pedido foi atendido.';
comment on column etl.data_subject_requests.subject_digest is 'Resumo (sha256) do CPF ou e-mail normalizado, nunca o valor; como um CPF pode ser testado contra ele, só quem administra o banco deve ler esta tabela.';
comment on column etl.data_subject_requests.rows_affected is 'Por tabela, as chaves (referencia) das linhas encontradas ou anonimizadas.';
comment on table etl.anonymised_subjects is 'Titulares anonimizados: a carga anonimiza os registros deles antes de gravá-los, para que a sincronização não os traga de volta.';
comment on column etl.anonymised_subjects.digest is 'Resumo (sha256) de uma forma normalizada do CPF ou e-mail (também da forma com hash, em PII_STORAGE=hashed), para reconhecer o titular nas próximas cargas; nunca o valor.';
comment on column etl.anonymised_subjects.request_id is 'O pedido de anonimização que incluiu o titular.';
comment on column etl.anonymised_subjects.anonymised_at is 'Quando o titular foi anonimizado.';
