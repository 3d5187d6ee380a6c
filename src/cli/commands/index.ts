// Every command of the CLI, in the order `--help` lists them.
import type { Command } from '../command.ts';
import { migrateCommand } from './migrate.ts';
import { simulatorCommand } from './simulator.ts';
import { syncCommand } from './sync.ts';

export const COMMANDS: readonly Command[] = [syncCommand, migrateCommand, simulatorCommand];
