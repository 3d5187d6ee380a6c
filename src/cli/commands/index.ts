// Every command of the CLI, in the order `--help` lists them.
import type { Command } from '../command.ts';
import { migrateCommand } from './migrate.ts';

export const COMMANDS: readonly Command[] = [migrateCommand];
