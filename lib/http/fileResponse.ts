/**
 * A file download: Content-Disposition attachment with an ASCII file name (exportFileName makes
 * one) and, given `displayName`, the name in its own characters for browsers that read
 * `filename*` (RFC 6266), not cached, since exports hold user data. `body` may be an async iterable of text chunks,
 * which is streamed as it is produced, or a byte stream (a file on disk); the response stops
 * reading either when the client goes away.
 */
export function fileResponse(
  body: Buffer | AsyncGenerator<string> | ReadableStream<Uint8Array>,
  options: { fileName: string; displayName?: string; contentType: string; headers?: Record<string, string> },
): Response {
  const unicodeName = options.displayName ? `; filename*=UTF-8''${encodeURIComponent(options.displayName)}` : '';
  const headers = {
    'content-type': options.contentType,
    'content-disposition': `attachment; filename="${options.fileName}"${unicodeName}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(options.headers ?? {}),
  };
  if (Buffer.isBuffer(body)) {
    return new Response(new Uint8Array(body), {
      headers: { ...headers, 'content-length': String(body.byteLength) },
    });
  }
  if (body instanceof ReadableStream) return new Response(body, { headers });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await body.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await body.return(undefined);
    },
  });
  return new Response(stream, { headers });
}
