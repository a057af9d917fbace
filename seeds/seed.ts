/**
 * Demo data: accounts for every role, organisations, vacancies and profiles. Idempotent:
 * `npm start` calls it on every start and `npm run seed` on demand; existing data is kept.
 */
import { pathToFileURL } from 'node:url';
import type { Deps } from '../core/deps.js';
import { seedDemoAccounts } from './demo-accounts.js';
import { seedDemoBasicJobs } from './demo-basic-jobs.js';
import { seedDemoPopulation } from './demo-data.js';
import { seedDemoDemand } from './demand/index.js';
import { seedDemoSubscriptions } from './demo-subscriptions.js';
import { seedDemoProgrammes } from './programmes/index.js';
import { seedDemoVouchers } from './demo-vouchers.js';

export interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

/** Seed everything that is missing; returns the demo log-ins to show the person starting the app. */
export async function seedDemoData(deps: Deps): Promise<DemoAccount[]> {
  const started = performance.now();
  // Demand first: the match jobs the demo vacancies and profiles trigger score against it.
  await seedDemoDemand(deps);
  const accounts = await seedDemoAccounts(deps);
  await seedDemoPopulation(deps, { profiles: 300, vacancies: 60 });
  await seedDemoSubscriptions(deps);
  // After the population: programmes name its intermediary organisations as reviewers.
  await seedDemoProgrammes(deps);
  // After the programmes and the population: demo jobseekers' vouchers in them.
  await seedDemoVouchers(deps);
  await seedDemoBasicJobs(deps);
  deps.logger.info({ ms: Math.round(performance.now() - started) }, 'demo data ready');
  return accounts;
}

export function printDemoAccounts(accounts: DemoAccount[]): void {
  if (accounts.length === 0) return;
  const width = Math.max(...accounts.map((a) => a.email.length));
  const lines = accounts.map((a) => `  ${a.role.padEnd(13)} ${a.email.padEnd(width)}  ${a.password}`);
  process.stdout.write(`\nDemo accounts (for trying Kansrijk out; never use these in production):\n${lines.join('\n')}\n\n`);
}

// `npm run seed`
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { loadConfig } = await import('../core/config.js');
  const { createLogger } = await import('../core/logger.js');
  const { createDeps } = await import('../runtime/deps.js');
  const config = loadConfig();
  const deps = await createDeps(config, createLogger(config, 'seed'));
  try {
    printDemoAccounts(await seedDemoData(deps));
  } finally {
    await deps.close();
  }
}
