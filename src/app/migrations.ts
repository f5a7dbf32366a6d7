import type { MigrationSource } from '../core/db/migrate.ts';

/** Every module's migrations, in dependency order. A new module adds one line here. */
export const migrationSources: MigrationSource[] = [
  { name: 'core', dir: new URL('../core/migrations/', import.meta.url) },
  { name: 'access', dir: new URL('../modules/access/migrations/', import.meta.url) },
  { name: 'tree', dir: new URL('../modules/tree/migrations/', import.meta.url) },
  { name: 'roster', dir: new URL('../modules/roster/migrations/', import.meta.url) },
  { name: 'care', dir: new URL('../modules/care/migrations/', import.meta.url) },
  { name: 'cases', dir: new URL('../modules/cases/migrations/', import.meta.url) },
  { name: 'decisions-votes', dir: new URL('../modules/decisions/votes/migrations/', import.meta.url) },
  { name: 'decisions-councils', dir: new URL('../modules/decisions/councils/migrations/', import.meta.url) },
  { name: 'decisions-projects', dir: new URL('../modules/decisions/projects/migrations/', import.meta.url) },
  { name: 'decisions-conventions', dir: new URL('../modules/decisions/conventions/migrations/', import.meta.url) },
  { name: 'decisions-awards', dir: new URL('../modules/decisions/awards/migrations/', import.meta.url) },
];
