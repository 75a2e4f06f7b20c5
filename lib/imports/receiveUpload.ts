import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import Busboy, { type BusboyFileStream } from '@fastify/busboy';
import { ApiError } from '@/lib/http/apiError';
import { type ImportKind, importKindOrder } from '@/lib/ingest/types';
import { createUploadFolder, removeUploadFolder } from './uploadFolder';

export interface UploadedFile {
  /** where it is stored on the server */
  path: string;
  /** the name the browser sent, for reports */
  name: string;
  bytes: number;
}

export interface ReceivedUpload {
  folder: string;
  fields: Record<string, string>;
  files: Partial<Record<ImportKind, UploadedFile>>;
}

/** Room for the form fields and multipart boundaries on top of the files themselves. */
const formOverheadBytes = 1024 * 1024;

const dataExtension = /(\.(csv|tsv|ndjson|jsonl|json))?(\.gz)?$/i;

/**
 * The stored name keeps only the extension (format and gzip are read from it, see
 * openRecordFile); the browser's name is never used as a path.
 */
function storedName(kind: ImportKind, original: string): string {
  const extension = path.basename(original).match(dataExtension)?.[0] ?? '';
  return `${kind}${extension.toLowerCase()}`;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function isImportKind(field: string): field is ImportKind {
  return (importKindOrder as readonly string[]).includes(field);
}

/**
 * Streams a multipart/form-data upload to a new folder under the upload root: the file parts
 * `events`, `items` and `users` go to disk as they arrive (never whole in memory), text parts
 * come back as fields. A file over `maxFileBytes` stops the upload with 413; a malformed body is
 * a 400. On any failure the folder is removed before the error is thrown.
 */
export async function receiveImportUpload(
  request: Request,
  options: { maxFileBytes: number; root?: string },
): Promise<ReceivedUpload> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw new ApiError(
      'bad_request',
      'Send the files as multipart/form-data: file fields events, items, users and a text field dataset',
    );
  }
  const maxTotal = importKindOrder.length * options.maxFileBytes + formOverheadBytes;
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxTotal) {
    throw new ApiError(
      'payload_too_large',
      `The upload is ${megabytes(declared)}; each file may be at most ${megabytes(options.maxFileBytes)}`,
    );
  }
  if (!request.body) throw new ApiError('bad_request', 'The upload is empty: attach an events, items or users file');

  const folder = await createUploadFolder(options.root);
  const fields: Record<string, string> = {};
  const files: Partial<Record<ImportKind, UploadedFile>> = {};
  const writes: Promise<void>[] = [];
  const openStreams = new Set<BusboyFileStream>();
  const source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  let failure: ApiError | null = null;

  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: ApiError) => {
        if (failure) return;
        failure = error;
        source.unpipe();
        source.destroy();
        for (const stream of openStreams) stream.destroy();
        reject(error);
      };
      let busboy: ReturnType<typeof Busboy>;
      try {
        busboy = Busboy({
          headers: { 'content-type': contentType },
          limits: { fileSize: options.maxFileBytes, files: importKindOrder.length, fields: 10, fieldSize: 10_000 },
        });
      } catch (error) {
        reject(new ApiError('bad_request', `The upload is not valid multipart/form-data: ${(error as Error).message}`));
        return;
      }
      busboy.on('file', (field, stream, filename) => {
        if (failure) {
          stream.resume();
          return;
        }
        if (!isImportKind(field)) {
          stream.resume();
          fail(new ApiError('bad_request', `Unknown file field "${field}": use events, items or users`));
          return;
        }
        if (files[field]) {
          stream.resume();
          fail(new ApiError('bad_request', `Send one ${field} file per import`));
          return;
        }
        // an empty file input in an HTML form still sends a part, with no file name
        if (!filename) {
          stream.resume();
          return;
        }
        const file: UploadedFile = {
          path: path.join(folder, storedName(field, filename)),
          name: path.basename(filename),
          bytes: 0,
        };
        files[field] = file;
        openStreams.add(stream);
        stream.on('limit', () =>
          fail(
            new ApiError(
              'payload_too_large',
              `${file.name} is over the ${megabytes(options.maxFileBytes)} limit per file (PORTRAIT_UPLOAD_MAX_MB)`,
            ),
          ),
        );
        const written = pipeline(stream, createWriteStream(file.path)).finally(() => openStreams.delete(stream));
        written.catch(() => {});
        writes.push(written);
      });
      busboy.on('field', (name, value, _nameTruncated, valueTruncated) => {
        if (valueTruncated) fail(new ApiError('bad_request', `The field ${name} is too long`));
        else fields[name] = value;
      });
      const tooMany = () =>
        fail(new ApiError('bad_request', 'Too many parts: send at most events, items, users and the form fields'));
      busboy.on('filesLimit', tooMany);
      busboy.on('fieldsLimit', tooMany);
      busboy.on('error', (error: unknown) =>
        fail(new ApiError('bad_request', `The upload is not valid multipart/form-data: ${(error as Error).message}`)),
      );
      busboy.on('finish', () => {
        Promise.all(writes).then(
          () => (failure ? undefined : resolve()),
          (error: Error) => fail(new ApiError('bad_request', `The upload could not be stored: ${error.message}`)),
        );
      });
      source.on('error', () => fail(new ApiError('bad_request', 'The upload was interrupted')));
      source.pipe(busboy);
    });
  } catch (error) {
    await Promise.allSettled(writes);
    await removeUploadFolder(folder);
    throw error;
  }
  for (const file of Object.values(files)) file.bytes = (await stat(file.path)).size;
  return { folder, fields, files };
}
