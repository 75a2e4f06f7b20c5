import { route } from '@/lib/http/route';
import { listDatasets } from '@/lib/queries/listDatasets';

export const GET = route({ access: 'analyst' }, async () => ({ datasets: await listDatasets() }));
