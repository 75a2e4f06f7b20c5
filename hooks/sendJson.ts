import { ApiRequestError } from './fetchJson';

/** POST/PUT/PATCH/DELETE with a JSON body; errors in Portrait's one shape become ApiRequestError. */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError(0, 'network', 'The server cannot be reached. Is `npm start` still running?');
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    const error = json?.error;
    throw new ApiRequestError(
      response.status,
      error?.code ?? 'internal',
      error?.message ?? `The server answered ${response.status} ${response.statusText}`,
      error?.details,
    );
  }
  return json as T;
}
