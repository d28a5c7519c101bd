/**
 * Bounded body reading for every route: a declared `Content-Length` over the limit is refused before
 * a byte is read, and the body is read through a counting reader that cancels the stream as soon as the count passes
 * the limit, whatever the framing (chunked uploads on Hono, Bun, Deno and Workers carry no `Content-Length`). The body
 * is read once, from the request itself, never from a clone (a clone tees the stream and keeps a second copy).
 *
 * No `instanceof` on platform objects: on Next.js's edge runtime the request, its stream and its chunks come from
 * another realm than this module's intrinsics.
 */

/** Why a body could not be had. */
export type BodyFailure = { failure: 'too-large' } | { failure: 'unreadable'; cause: unknown };

const EMPTY = new Uint8Array(0);

/** The declared `Content-Length` when it is over `maxBytes`; lets a route answer 413 before reading. */
export function declaresTooLarge(headers: Headers, maxBytes: number): boolean {
  const declared = headers.get('content-length');
  return declared !== null && Number(declared) > maxBytes;
}

/** Reads `request`'s body, at most `maxBytes` of it; the stream is cancelled when it holds more. */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<Uint8Array | BodyFailure> {
  if (declaresTooLarge(request.headers, maxBytes)) return { failure: 'too-large' };
  if (request.bodyUsed) return { failure: 'unreadable', cause: new TypeError('the request body was already read') };
  const stream = request.body;
  if (stream === null) return EMPTY;
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = stream.getReader();
  } catch (cause) {
    return { failure: 'unreadable', cause };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!ArrayBuffer.isView(value)) throw new TypeError('the request body stream yielded something other than bytes');
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => {});
        return { failure: 'too-large' };
      }
      chunks.push(value instanceof Uint8Array ? value : new Uint8Array((value as ArrayBufferView).buffer, (value as ArrayBufferView).byteOffset, (value as ArrayBufferView).byteLength));
    }
  } catch (cause) {
    reader.cancel(cause).catch(() => {});
    return { failure: 'unreadable', cause };
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** `true` when `value` is a {@link BodyFailure} rather than the bytes. */
export const isBodyFailure = (value: Uint8Array | BodyFailure): value is BodyFailure => 'failure' in value;
