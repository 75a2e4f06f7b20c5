import { route } from '@/lib/http/route';
import { textModelStatus } from '@/lib/server/textModelStatus';

/** Whether the configured text model loads on this server (admins), so the retrain form can warn before a run. */
export const GET = route({ access: 'admin' }, () => textModelStatus());
