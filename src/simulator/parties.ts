// The company's fixed cast: projects (empreendimentos), agencies (imobiliárias), sales teams
// and brokers. Few enough to keep in memory once built; each built from its own PRNG.
import {
  AGENCY_SUFFIXES, CITIES, NEIGHBOURHOODS, PROJECT_CORES, PROJECT_PREFIXES, ROMAN, STREETS, SURNAMES, TEAM_NAMES,
  type City,
} from './names-ptbr.ts';
import { DAY } from './naive-time.ts';
import { emailFor, fullName, htmlEncode, cpf } from './people.ts';
import { rngFor, TAG } from './rng.ts';
import { ID_BASE, type World } from './world.ts';

export type Segment = 'economico' | 'medio' | 'alto';

export interface Project {
  readonly index: number;
  readonly id: number;
  readonly code: string;
  readonly nome: string;
  readonly city: City;
  readonly bairro: string;
  readonly endereco: string;
  readonly cep: string;
  readonly segment: Segment;
  readonly pricePerM2: number;
  readonly unitsPerFloor: number;
  readonly floors: number;
  /** Block names look like "BLOCO 01" or "Torre A". */
  readonly towerStyle: boolean;
  /** Seconds; undefined stands for the zero date some legacy projects carry. */
  readonly dataCad: number | undefined;
  readonly dataEntrega: number;
  readonly situacaoComercial: string;
  readonly tipo: string;
}

export interface Agency {
  readonly id: number;
  /** As the API sends it: some names carry HTML entities ("Ltda &amp; Cia"). */
  readonly nome: string;
}

export interface Team {
  readonly id: number;
  readonly nome: string;
  readonly gestorId: number;
  readonly gestor: string;
}

export interface Broker {
  readonly index: number;
  readonly id: number;
  readonly nome: string;
  readonly email: string;
  readonly cpf: string;
  readonly agency: Agency;
  readonly team: Team;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

export class Parties {
  private readonly projectCache = new Map<number, Project>();
  private readonly brokerCache = new Map<number, Broker>();
  private readonly agencyCache = new Map<number, Agency>();
  private readonly teamCache = new Map<number, Team>();

  constructor(private readonly world: World) {}

  project(index: number): Project {
    const cached = this.projectCache.get(index);
    if (cached !== undefined) return cached;
    const { seed, end, start } = this.world;
    const rng = rngFor(seed, TAG.empreendimento, index);
    const combos = PROJECT_PREFIXES.length * PROJECT_CORES.length;
    const combo = index % combos;
    // combo -> (core, prefix) is a bijection, so names are unique; neighbours differ in both.
    const coreIndex = combo % PROJECT_CORES.length;
    const core = PROJECT_CORES[coreIndex] ?? 'Bela Vista';
    const prefix = PROJECT_PREFIXES[(Math.floor(combo / PROJECT_CORES.length) + coreIndex) % PROJECT_PREFIXES.length] ?? 'Residencial';
    const cycle = Math.floor(index / combos);
    const suffix = ROMAN[cycle] ?? ` ${cycle + 1}`;
    const segment = rng.weighted<Segment>([['economico', 4], ['medio', 4], ['alto', 2]]);
    const city = rng.pick(CITIES);
    const launched = start - rng.int(30, 900) * DAY;
    const dataEntrega = launched + rng.int(24, 42) * 30 * DAY;
    const situacaoComercial = dataEntrega < end ? 'Pronto para morar' : launched > end - 180 * DAY ? 'Lançamento' : 'Em obras';
    const project: Project = {
      index,
      id: ID_BASE.project + index,
      code: `EMP${pad(ID_BASE.project + index, 4)}`,
      nome: `${prefix} ${core}${suffix}`,
      city,
      bairro: rng.pick(NEIGHBOURHOODS),
      endereco: `${rng.pick(STREETS)}, ${rng.int(10, 2999)}`,
      cep: `${city.cepPrefix}${pad(rng.int(0, 99999), 5)}`,
      segment,
      pricePerM2: segment === 'economico' ? rng.int(4500, 6500) : segment === 'medio' ? rng.int(7000, 10000) : rng.int(11000, 16000),
      unitsPerFloor: 4,
      floors: rng.int(6, 18),
      towerStyle: rng.chance(0.4),
      dataCad: index % 7 === 3 ? undefined : launched - rng.int(10, 120) * DAY,
      dataEntrega,
      situacaoComercial,
      tipo: segment === 'alto' && rng.chance(0.3) ? 'Residencial horizontal' : 'Residencial vertical',
    };
    this.projectCache.set(index, project);
    return project;
  }

  agency(index: number): Agency {
    const cached = this.agencyCache.get(index);
    if (cached !== undefined) return cached;
    const rng = rngFor(this.world.seed, TAG.broker, 1_000_000 + index);
    const surname = SURNAMES[index % SURNAMES.length] ?? 'Silva';
    // Every fifth agency is a partnership whose name comes HTML-escaped, as in live data.
    const nome = index % 5 === 0
      ? `${surname} &amp; ${rng.pick(SURNAMES)} Im&oacute;veis Ltda`
      : `${surname} ${AGENCY_SUFFIXES[Math.floor(index / SURNAMES.length) % AGENCY_SUFFIXES.length] ?? 'Imóveis'}`;
    const agency = { id: ID_BASE.agency + index, nome };
    this.agencyCache.set(index, agency);
    return agency;
  }

  team(index: number): Team {
    const cached = this.teamCache.get(index);
    if (cached !== undefined) return cached;
    const rng = rngFor(this.world.seed, TAG.team, index);
    const base = TEAM_NAMES[index % TEAM_NAMES.length] ?? 'Time';
    const cycle = Math.floor(index / TEAM_NAMES.length);
    const team = {
      id: ID_BASE.team + index,
      nome: `${base}${ROMAN[cycle] ?? ` ${cycle + 1}`}`,
      gestorId: 9_001 + index,
      gestor: fullName(rng, rng.chance(0.5) ? 'Masculino' : 'Feminino'),
    };
    this.teamCache.set(index, team);
    return team;
  }

  broker(index: number): Broker {
    const cached = this.brokerCache.get(index);
    if (cached !== undefined) return cached;
    const rng = rngFor(this.world.seed, TAG.broker, index);
    const plain = fullName(rng, rng.chance(0.5) ? 'Masculino' : 'Feminino');
    const broker = {
      index,
      id: ID_BASE.broker + index,
      // Some broker names were saved through a screen that escapes accents.
      nome: index % 9 === 4 ? htmlEncode(plain) : plain,
      email: emailFor(rng, plain),
      cpf: cpf(rng),
      agency: this.agency(index % this.world.agencies),
      team: this.team(index % this.world.teams),
    };
    this.brokerCache.set(index, broker);
    return broker;
  }
}
