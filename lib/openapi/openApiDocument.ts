import packageJson from '@/package.json' with { type: 'json' };
import { buildOpenApi, type RouteModule } from './buildOpenApi';

let cached: ReturnType<typeof buildOpenApi> | null = null;

/** Built once per process: the routes and their schemas do not change while it runs. */
export function openApiDocument(routes: RouteModule[]) {
  cached ??= buildOpenApi(routes, { version: packageJson.version });
  return cached;
}
