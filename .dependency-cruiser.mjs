// The direction of dependencies between the folders of src/, checked by `npm run deps` (part of
// `npm test`). The pipeline reads top to bottom; a folder may import only from folders below it:
//
//   cli                    commands, process wiring
//   web, ops               dashboard and APIs; schedule, health, alerts, backups
//   figures                the business numbers the dashboard and the APIs show, and their SQL
//   sync                   runs a sync: CVDW pages into the mirror, then the business tables
//   cvdw | db              the API client | the database (handles, migrations, SQL); siblings
//   cvdw/catalog           what each CVDW resource is: pure data and pure functions
//   util                   small helpers with no knowledge of the product
//
// config.ts (the parsed environment) may be read from any layer. The simulator is a separate
// program that stands in for CVDW; it shares the catalog and nothing else of the pipeline.

/** Sync modules that do I/O; every other module of src/sync/ is pure and must stay so. */
const SYNC_IO = '^src/sync/(queries/|run-sync\\.ts$|run-reconcile\\.ts$|sync-resource\\.ts$|reconcile-resource\\.ts$|business-refresh\\.ts$|work-units\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: 'Two folders that import each other are one layer in disguise: move the shared piece down.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      severity: 'error',
      comment: 'A module that imports itself back through others cannot be understood or loaded alone.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'util-is-a-leaf',
      severity: 'error',
      comment: 'util/ knows nothing of the product.',
      from: { path: '^src/util/' },
      to: { path: '^src/', pathNot: '^src/util/' },
    },
    {
      name: 'catalog-is-a-leaf',
      severity: 'error',
      comment: 'The catalog describes the resources; it reads no database, no client, no sync.',
      from: { path: '^src/cvdw/catalog/' },
      to: { path: '^src/', pathNot: '^src/(cvdw/catalog|util)/' },
    },
    {
      name: 'cvdw-knows-no-database',
      severity: 'error',
      comment: 'The client receives its request budget and its exchange recorder as interfaces (cvdw/connect.ts).',
      from: { path: '^src/cvdw/' },
      to: { path: '^src/(db|sync|ops|web|cli|simulator)/' },
    },
    {
      name: 'db-is-below-the-client-and-the-sync',
      severity: 'error',
      comment: 'db/ holds SQL and database handles; it may read the catalog, never the client or the layers above.',
      from: { path: '^src/db/' },
      to: { path: '^src/(sync|ops|web|cli|simulator|cvdw/(?!catalog/))' },
    },
    {
      name: 'pure-sync-logic-has-no-io',
      severity: 'error',
      comment: 'Pure sync logic (cursor, mapping, parsing, plans, progress) takes its types from the catalog or sync/, not db/.',
      from: { path: '^src/sync/', pathNot: SYNC_IO },
      to: { path: '^src/(db|ops|web|cli)/' },
    },
    {
      name: 'sync-is-below-ops-web-cli',
      severity: 'error',
      comment: 'The sync reports through its observer; it never calls the layers that drive it.',
      from: { path: '^src/sync/' },
      to: { path: '^src/(ops|web|cli)/' },
    },
    {
      name: 'ops-and-web-are-below-cli',
      severity: 'error',
      from: { path: '^src/(ops|web)/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'figures-are-below-web',
      severity: 'error',
      comment: 'A figure is a function of a database handle and a filter: it knows no request, route or process.',
      from: { path: '^src/figures/' },
      to: { path: '^src/(web|ops|cli|sync)/' },
    },
    {
      name: 'simulator-stands-alone',
      severity: 'error',
      comment: 'The simulator plays CVDW: it may share the catalog and util, not the pipeline that talks to it.',
      from: { path: '^src/simulator/' },
      to: { path: '^src/(db|sync|ops|web|cli|cvdw/(?!catalog/))' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/web/static/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
