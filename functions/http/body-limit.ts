import type { MiddlewareHandler } from "hono";

/**
 * Refuses a request body over `maxBytes` before anything parses it. A declared Content-Length over the limit is
 * refused unread. Every other body is counted as it streams in, whatever Content-Length says: a client may send a
 * small Content-Length with a large body, or no length at all (chunked), and hono's own bodyLimit trusts the header
 * when there is one. The route then reads the counted bytes, and nothing more.
 */
export function bodyLimit(maxBytes: number, tooLarge: () => Response): MiddlewareHandler {
  return async (c, next) => {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const declared = Number(raw.headers.get("content-length") ?? 0);
    if (declared > maxBytes) return tooLarge();

    const reader = raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return tooLarge();
      }
      chunks.push(value);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    const headers = new Headers(raw.headers);
    headers.set("content-length", String(size));
    headers.delete("transfer-encoding");
    c.req.raw = new Request(raw, { body, headers });
    return next();
  };
}
