import type { Command } from 'commander';
import { AccountError, createAccount } from '@/lib/auth/accounts';
import { newSecret } from '@/lib/auth/tokens';
import { CliError } from '../cliError';

export function registerCreateAdmin(program: Command): void {
  program
    .command('create-admin')
    .description('Create a dashboard admin account; prints a one-time password unless --password is given')
    .requiredOption('--email <email>', 'the admin’s email address')
    .option('--password <password>', 'password (at least 8 characters); generated when left out')
    .action(async (options: { email: string; password?: string }) => {
      const password = options.password ?? newSecret(12);
      try {
        const account = await createAccount(options.email, password, 'admin');
        console.log(`Created admin ${account.email}`);
        if (!options.password) console.log(`One-time password: ${password}`);
      } catch (error) {
        if (error instanceof AccountError) throw new CliError(error.message);
        throw error;
      }
    });
}
