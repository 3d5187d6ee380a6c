-- Two indexes no query reads, which only slowed every refresh of public.vendas and
-- public.empreendimentos:
-- - vendas_ativo_idx: ativo is 'S' on nearly every row, and every query that tests it also
--   bounds data_venda, which vendas_contadas_idx (partial on the counted-sale predicate) and
--   vendas_data_venda_idx answer.
-- - empreendimentos_nome_idx: project names are only grouped, sorted or compared after a
--   union or a coalesce with public.unidades, where an index on the table cannot be used.
drop index if exists public.vendas_ativo_idx;
drop index if exists public.empreendimentos_nome_idx;
