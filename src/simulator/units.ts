// Physical units: where a unit sits (project, etapa, block, floor, column), its typology, area
// and table price. A pure function of its physical position, so any unit can be described alone.
import { hash32, TAG, unitOf } from './rng.ts';
import type { Parties, Project } from './parties.ts';
import { ID_BASE, type World } from './world.ts';

export interface UnitInfo {
  readonly physical: number;
  readonly idunidade: number;
  readonly project: Project;
  readonly etapa: string;
  readonly idetapa: number;
  readonly bloco: string;
  readonly idbloco: number;
  readonly andar: number;
  readonly coluna: number;
  readonly nome: string;
  readonly tipologia: string;
  readonly areaPrivativa: number;
  readonly vagas: number;
  /** Table price in whole reais. */
  readonly valor: number;
}

const TYPOLOGIES: Readonly<Record<Project['segment'], readonly [string, number, number, string, number, number]>> = {
  // [small typology, min m², max m², large typology, min m², max m²]
  economico: ['2 quartos', 40, 46, '2 quartos com suíte', 46, 52],
  medio: ['2 quartos', 55, 68, '3 quartos', 72, 92],
  alto: ['3 suítes', 110, 150, '4 suítes', 160, 220],
};

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

export function describeUnit(world: World, parties: Parties, physical: number): UnitInfo {
  const { project: projectIndex, offset } = world.projectOfPhysical(physical);
  const project = parties.project(projectIndex);
  const perBlock = project.unitsPerFloor * project.floors;
  const block = Math.floor(offset / perBlock);
  const inBlock = offset % perBlock;
  const andar = Math.floor(inBlock / project.unitsPerFloor) + 1;
  const coluna = (inBlock % project.unitsPerFloor) + 1;
  const etapa = Math.floor(block / 3) + 1;
  const large = coluna === 1 || coluna === project.unitsPerFloor;
  const [smallName, smallMin, smallMax, largeName, largeMin, largeMax] = TYPOLOGIES[project.segment];
  // The same column has the same plan on every floor of a project.
  const shape = unitOf(hash32(world.seed, TAG.unit, project.index, coluna));
  const area = large ? largeMin + shape * (largeMax - largeMin) : smallMin + shape * (smallMax - smallMin);
  const areaPrivativa = Math.round(area * 100) / 100;
  const valor = Math.round((areaPrivativa * project.pricePerM2 * (1 + andar * 0.006)) / 100) * 100;
  const blockName = project.towerStyle ? `Torre ${String.fromCharCode(65 + (block % 26))}${block >= 26 ? block : ''}` : `BLOCO ${pad(block + 1)}`;
  return {
    physical,
    idunidade: ID_BASE.unit + physical,
    project,
    etapa: `ETAPA ${pad(etapa)}`,
    idetapa: project.id * 100 + etapa,
    bloco: blockName,
    idbloco: project.id * 1000 + block + 1,
    andar,
    coluna,
    nome: `APTO ${andar}${pad(coluna)}`,
    tipologia: large ? largeName : smallName,
    areaPrivativa,
    vagas: project.segment === 'alto' ? 2 + (large ? 1 : 0) : 1,
    valor,
  };
}
