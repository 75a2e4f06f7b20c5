import type { Command } from 'commander';
import { createAccountAs } from '@/lib/auth/manageAccounts';
import { ApiError } from '@/lib/http/apiError';
import { CliError } from '../cliError';

export function registerCreateAdmin(program: Command): void {
  program
    .command('create-admin')
    .description('Create a dashboard admin account; prints a one-time password unless --password is given')
    .requiredOption('--email <email>', 'the admin’s email address')
    .option('--password <password>', 'password (at least 8 characters); generated when left out')
    .action(async (options: { email: string; password?: string }) => {
      try {
        const { account, password } = await createAccountAs('cli', { ...options, role: 'admin' });
        console.log(`Created admin ${account.email}`);
        if (password) console.log(`One-time password: ${password}`);
      } catch (error) {
        if (error instanceof ApiError) throw new CliError(error.message);
        throw error;
      }
    });
}
