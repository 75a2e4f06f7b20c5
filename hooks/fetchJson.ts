/** An API error in Portrait's one shape, `{ error: { code, message, details? } }`, with its status. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { reason?: string; [key: string]: unknown },
  ) {
    super(message);
  }
}

export async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiRequestError(0, 'network', 'The server cannot be reached. Is `npm start` still running?');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body?.error;
    throw new ApiRequestError(
      response.status,
      error?.code ?? 'internal',
      error?.message ?? `The server answered ${response.status} ${response.statusText}`,
      error?.details,
    );
  }
  return body as T;
}

export const datasetPath = (datasetId: number) => `/api/datasets/${datasetId}`;
