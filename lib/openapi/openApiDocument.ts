import { buildOpenApi, type RouteModule } from './buildOpenApi';

/** The version of the API contract (the `/api/v1` routes), not of the package. */
export const apiVersion = '1';

let cached: ReturnType<typeof buildOpenApi> | null = null;

/** Built once per process: the routes and their schemas do not change while it runs. */
export function openApiDocument(routes: RouteModule[]) {
  cached ??= buildOpenApi(routes, { version: apiVersion });
  return cached;
}
