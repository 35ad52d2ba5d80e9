// The one place a request body is read: its media type checked first, then the bytes read as a
// stream that stops past a limit (Content-Length may be absent or lie, so it is only a shortcut
// for refusing early), then decoded as strict UTF-8.

/** Why a body was refused, with the HTTP status and a short description for the client. */
export class BodyRejection extends Error {
  readonly reason: 'bad_content_type' | 'body_too_large' | 'malformed_body';
  readonly status: 415 | 413 | 400;

  constructor(reason: BodyRejection['reason'], description: string, options?: { cause?: unknown }) {
    super(description, options);
    this.name = 'BodyRejection';
    this.reason = reason;
    this.status = reason === 'bad_content_type' ? 415 : reason === 'body_too_large' ? 413 : 400;
  }
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/**
 * The body as text, with its media type (one of `mediaTypes`, lower-cased, parameters such as
 * `charset` dropped). Rejects with a {@link BodyRejection}.
 */
export async function readBody(
  request: Request,
  { maxBytes, mediaTypes }: { maxBytes: number; mediaTypes: readonly string[] },
): Promise<{ mediaType: string; text: string }> {
  const mediaType = mediaTypeOf(request.headers.get('content-type'));
  if (!mediaTypes.includes(mediaType)) {
    throw new BodyRejection('bad_content_type', `content type must be ${mediaTypes.join(' or ')}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(request, maxBytes);
  } catch (cause) {
    if (cause instanceof BodyRejection) throw cause;
    throw new BodyRejection('malformed_body', 'request body could not be read', { cause });
  }
  try {
    return { mediaType, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (cause) {
    throw new BodyRejection('malformed_body', 'request body is not UTF-8', { cause });
  }
}

async function readBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new BodyRejection('body_too_large', 'request body too large');
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop reading: whatever is left is never buffered.
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}
