// All resources of one simulator: the generated world, one ResourceData per CVDW resource
// (built on first use), and the control API tests use to change data over time.
import { CATALOG, resolveResourceName, type ResourceSpec } from '../cvdw/catalog/index.ts';
import { SimulatorClock } from './clock.ts';
import { allEmpreendimentos } from './generators/empreendimentos.ts';
import type { Rec } from './generators/format.ts';
import { comissoesSource } from './generators/comissoes.ts';
import { condicoesSource } from './generators/condicoes.ts';
import { genericSource } from './generators/generic.ts';
import { reservasSource } from './generators/reservas.ts';
import type { GeneratorContext, RecordSource } from './generators/source.ts';
import { unidadesSource } from './generators/unidades.ts';
import { distratosSource, vendasSource } from './generators/vendas.ts';
import { Funnel } from './funnel-core.ts';
import { leadsSource } from './generators/leads.ts';
import { historicoSource } from './generators/lead-historico.ts';
import { ganhosSource, perdasSource } from './generators/lead-reativacoes.ts';
import { visitasSource } from './generators/lead-visitas.ts';
import { precadastrosSource } from './generators/precadastros.ts';
import { formatDateTime } from './naive-time.ts';
import { Parties } from './parties.ts';
import { BAD_KINDS, makeBad, type BadKind } from './quirks.ts';
import { Reservations } from './reservation-core.ts';
import { ResourceData } from './resource-data.ts';
import { hash32, hashString, TAG, unitOf } from './rng.ts';
import { World, type WorldOptions } from './world.ts';

const CORE_SOURCES: Readonly<Record<string, (ctx: GeneratorContext) => RecordSource>> = {
  reservas: reservasSource,
  'reservas/condicoes': condicoesSource,
  comissoes: comissoesSource,
  unidades: unidadesSource,
  vendas: vendasSource,
  distratos: distratosSource,
  leads: leadsSource,
  'leads/visitas': visitasSource,
  'leads/perdas': perdasSource,
  'leads/ganhos': ganhosSource,
  'leads/historico/situacoes': historicoSource,
  precadastros: precadastrosSource,
};

export class UnknownRecordError extends Error {
  override readonly name = 'UnknownRecordError';
}

/** What tests (and the control route) can do to the data. */
export interface SimulatorData {
  /** Every resource name served (catalog names, `empreendimentos` included). */
  resources(): string[];
  /** How many records a full read returns now. */
  count(resource: string): number;
  /** Every current record, in API order, exactly as served. Meant for small scales. */
  snapshot(resource: string): Rec[];
  get(resource: string, referencia: string | number): Rec | undefined;
  /** A new record stamped with the clock; `partial` overrides generated fields. */
  create(resource: string, partial?: Rec): Rec;
  /** Applies `changes` and moves the record's referencia_data to the clock (to the last page). */
  update(resource: string, referencia: string | number, changes?: Rec): Rec;
  /** ativo 'N', referencia_data moved to the clock. */
  deactivate(resource: string, referencia: string | number): Rec;
  /** Removes the record with no trace: only a full re-read can notice. */
  hardDelete(resource: string, referencia: string | number): boolean;
  /** Spoils a record (the given one, moved to the clock; else a new one) for the reject path. */
  injectBad(resource: string, kind: BadKind, referencia?: string | number): Rec;
}

export interface DatasetOptions extends WorldOptions {
  /** Fraction of generated CVDW records served spoilt (0 by default). */
  readonly badRecordRate: number;
}

export class Dataset implements SimulatorData {
  readonly world: World;
  readonly context: GeneratorContext;
  private readonly resourcesByName = new Map<string, ResourceData>();

  constructor(private readonly options: DatasetOptions, readonly clock: SimulatorClock) {
    this.world = new World(options);
    const parties = new Parties(this.world);
    const reservations = new Reservations(this.world, parties);
    this.context = { world: this.world, parties, reservations, funnel: new Funnel(reservations) };
  }

  spec(resource: string): ResourceSpec {
    const name = resolveResourceName(resource);
    const spec = name === undefined ? undefined : CATALOG.get(name);
    if (spec === undefined) throw new UnknownRecordError(`unknown resource: ${resource}`);
    return spec;
  }

  /** The state of a CVDW (paged) resource. */
  resource(resource: string): ResourceData {
    const spec = this.spec(resource);
    if (spec.kind !== 'cvdw') throw new UnknownRecordError(`${spec.name} is not a CVDW resource and cannot be changed`);
    let data = this.resourcesByName.get(spec.name);
    if (data === undefined) {
      const source = (CORE_SOURCES[spec.name] ?? ((ctx: GeneratorContext) => genericSource(ctx, spec)))(this.context);
      data = new ResourceData(source, this.spoiler(spec, source));
      this.resourcesByName.set(spec.name, data);
    }
    return data;
  }

  empreendimentos(): Rec[] {
    return allEmpreendimentos(this.context);
  }

  resources(): string[] {
    return [...CATALOG.keys()];
  }

  count(resource: string): number {
    return this.spec(resource).kind === 'cadastro' ? this.world.projects : this.resource(resource).count();
  }

  snapshot(resource: string): Rec[] {
    if (this.spec(resource).kind === 'cadastro') return this.empreendimentos();
    const selection = this.resource(resource).select({});
    return structuredClone(selection.rows(0, selection.total));
  }

  get(resource: string, referencia: string | number): Rec | undefined {
    const data = this.resource(resource);
    const located = data.locate(String(referencia));
    return located === undefined ? undefined : structuredClone(data.recordAt(located));
  }

  create(resource: string, partial: Rec = {}): Rec {
    const data = this.resource(resource);
    const now = this.clock.stamp();
    const record: Rec = { ...data.source.fresh(data.nextFreshIndex(), now), ...withoutStamp(partial) };
    record.referencia_data = formatDateTime(now);
    const key = String(record.referencia);
    if (data.locate(key) !== undefined) throw new UnknownRecordError(`${resource} already has referencia ${key}`);
    data.append({ key, sortKey: now, record });
    return structuredClone(record);
  }

  update(resource: string, referencia: string | number, changes: Rec = {}): Rec {
    return this.rewrite(resource, referencia, (record) => ({ ...record, ...withoutStamp(changes) }));
  }

  deactivate(resource: string, referencia: string | number): Rec {
    return this.update(resource, referencia, { ativo: 'N' });
  }

  hardDelete(resource: string, referencia: string | number): boolean {
    const data = this.resource(resource);
    const located = data.locate(String(referencia));
    if (located === undefined) return false;
    data.remove(located);
    return true;
  }

  injectBad(resource: string, kind: BadKind, referencia?: string | number): Rec {
    if (!BAD_KINDS.includes(kind)) throw new UnknownRecordError(`unknown kind of bad record: ${String(kind)}`);
    const spec = this.spec(resource);
    if (referencia !== undefined) return this.rewrite(resource, referencia, (record) => makeBad(record, kind, spec));
    const created = this.create(resource);
    return this.rewrite(resource, String(created.referencia), (record) => makeBad(record, kind, spec));
  }

  private rewrite(resource: string, referencia: string | number, change: (record: Rec) => Rec): Rec {
    const data = this.resource(resource);
    const key = String(referencia);
    const located = data.locate(key);
    if (located === undefined) throw new UnknownRecordError(`${resource} has no record with referencia ${key}`);
    const now = this.clock.stamp();
    const stamped = formatDateTime(now);
    const before = structuredClone(data.recordAt(located));
    const record = change(before);
    if ('referencia' in before && 'referencia' in record) record.referencia = before.referencia;
    if ('data_modificacao' in record) record.data_modificacao = stamped;
    record.referencia_data = stamped;
    data.remove(located);
    data.append({ key, sortKey: now, record });
    return structuredClone(record);
  }

  /** Base records as served, spoilt at the configured rate. */
  private spoiler(spec: ResourceSpec, source: RecordSource): (index: number) => Rec {
    const rate = this.options.badRecordRate;
    if (!(rate > 0)) return (index) => source.record(index);
    const tag = hashString(spec.name);
    return (index) => {
      const h = hash32(this.world.seed, TAG.bad, tag, index);
      if (unitOf(h) >= rate) return source.record(index);
      return makeBad(source.record(index), BAD_KINDS[h % BAD_KINDS.length] ?? 'bad-number', spec);
    };
  }
}

/** referencia_data is the simulator's to set. */
function withoutStamp(partial: Rec): Rec {
  const copy: Rec = { ...partial };
  delete copy.referencia_data;
  return copy;
}
