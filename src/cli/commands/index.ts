// Every command of the CLI, in the order `--help` lists them.
import type { Command } from '../command.ts';
import { checkCommand } from './check.ts';
import { migrateCommand } from './migrate.ts';
import { simulatorCommand } from './simulator.ts';
import { syncCommand } from './sync.ts';
import { verifyCommand } from './verify.ts';

export const COMMANDS: readonly Command[] = [syncCommand, migrateCommand, checkCommand, verifyCommand, simulatorCommand];
