// Every command of the CLI, in the order `--help` lists them.
import type { Command } from '../command.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { checkCommand } from './check.ts';
import { dicionarioCommand } from './dicionario.ts';
import { demoCommand, serveCommand, startCommand, workerCommand } from './long-running.ts';
import { migrateCommand } from './migrate.ts';
import { simulatorCommand } from './simulator.ts';
import { syncCommand } from './sync.ts';
import { titularCommand } from './titular.ts';
import { verifyCommand } from './verify.ts';

export const COMMANDS: readonly Command[] = [
  startCommand,
  syncCommand,
  serveCommand,
  workerCommand,
  migrateCommand,
  checkCommand,
  verifyCommand,
  dicionarioCommand,
  simulatorCommand,
  demoCommand,
  backupCommand,
  restoreCommand,
  titularCommand,
];
