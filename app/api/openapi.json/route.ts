import { route } from '@/lib/http/route';
import { openApiDocument } from '@/lib/openapi/openApiDocument';
import { routeModules } from './routeModules';

/** The OpenAPI 3.1 description of the whole HTTP API; the reference page at /api-reference reads it. */
export const GET = route({ access: 'public' }, async () => openApiDocument(routeModules));
