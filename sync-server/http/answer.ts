/**
 * Finished answers: the bytes of a response made once and sent many times (readers' snapshots,
 * the report's pages and exports), gzipped once when that is worth it, with an ETag that is a hash
 * of the bytes, so that `If-None-Match` gives 304 without anything being computed.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response } from 'express';

const gzipAsync = promisify(gzip);

/** A finished answer: the bytes, gzipped when large, and its ETag (a hash of the bytes). */
export interface Answer {
  type: string;
  body: Buffer;
  gzip?: Buffer;
  etag: string;
}

/** Weak: the same ETag for the gzipped and the plain bytes of one answer. */
export const etagOf = (body: Buffer): string => `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

/**
 * The bytes of an answer, with a gzipped copy when it is worth it (made in the thread pool); binary
 * formats that are compressed already (xlsx, pdf) are given as a Buffer and kept as they are.
 */
export async function makeAnswer(type: string, content: string | Buffer): Promise<Answer> {
  if (Buffer.isBuffer(content)) return { type, body: content, etag: etagOf(content) };
  const body = Buffer.from(content, 'utf8');
  return { type, body, etag: etagOf(body), ...(body.length > 1024 ? { gzip: await gzipAsync(body) } : {}) };
}

/** Sends an answer: 304 when the client has it (If-None-Match), gzipped bytes when accepted. */
export function sendAnswer(req: Request, res: Response, a: Answer): void {
  res.set('ETag', a.etag);
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.type(a.type);
  if (a.gzip) {
    res.vary('Accept-Encoding');
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      // already compressed: the compression middleware leaves it alone
      res.set('Content-Encoding', 'gzip');
      res.send(a.gzip);
      return;
    }
  }
  res.send(a.body);
}
