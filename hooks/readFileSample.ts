/** The most of a file's start the preview reads: enough for a header and 20 rows of wide CSV. */
const sampleChars = 64 * 1024;

async function gunzippedStart(file: File): Promise<string> {
  const reader = file
    .stream()
    .pipeThrough(new DecompressionStream('gzip'))
    .pipeThrough(new TextDecoderStream())
    .getReader();
  let text = '';
  try {
    while (text.length < sampleChars) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += value;
    }
  } catch (error) {
    // a gzip file cut short still yields what it decoded
    if (text.length === 0) throw error;
  } finally {
    reader.cancel().catch(() => {});
  }
  return text;
}

/**
 * The first whole lines of a file as text (gzip decompressed in the browser), for the import
 * preview: at most 64 KiB, cut after the last complete line unless the whole file fits.
 */
export async function readFileSample(file: File): Promise<string> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const text = gzip ? await gunzippedStart(file) : await file.slice(0, sampleChars).text();
  const complete = gzip ? text.length < sampleChars : file.size <= sampleChars;
  if (complete) return text;
  const lastNewline = text.lastIndexOf('\n');
  return lastNewline > 0 ? text.slice(0, lastNewline + 1) : text;
}
