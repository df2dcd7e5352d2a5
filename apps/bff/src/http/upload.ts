// Upload, the HTTP half: `PUT /api/v1/disks/<id>/upload` streams the request body to the
// file `disk.beginUpload` prepared (never buffered whole), tells the job how many bytes
// arrived (its progress), and answers when the job has judged the file: 200 with
// `{ format, sizeGb }`, or 422 with `{ error: { message } }` — the same words the job's
// failure carries. An unknown or finished upload is a 404; more bytes than announced a
// 413; a body that breaks off fails the job. It needs a session (401 without) and, as
// every PUT under /api, the session's CSRF header (403 without; app.ts). Only the user
// who began the upload may send its bytes.
import { createWriteStream } from 'node:fs';
import { Router, type Request, type Response } from 'express';
import { uploadSession } from '../engine/commands/disk/upload.js';
import { requireSession } from '../identity/http.js';
import { principalOf } from '../identity/request.js';

export function uploadApi(): Router {
  const api = Router();
  api.put('/disks/:id/upload', requireSession, (req: Request, res: Response) => {
    const session = uploadSession(String(req.params.id));
    // Another user's upload answers as if there were none: its id is not theirs to use.
    if (!session || (session.userId && session.userId !== principalOf(req)?.userId)) {
      res.status(404).json({ error: { message: 'No upload is waiting under this id.' } });
      return;
    }
    let bytes = 0;
    let failed = false;
    const out = createWriteStream(session.file, { flags: 'w', mode: 0o600 });
    const fail = (status: number, message: string) => {
      if (failed) return;
      failed = true;
      req.unpipe(out);
      out.destroy();
      session.abort(message);
      if (!res.headersSent) res.status(status).json({ error: { message } });
    };
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > session.sizeBytes) {
        fail(413, `More than the announced ${session.sizeBytes} bytes arrived.`);
        req.resume();
        return;
      }
      session.received(bytes);
    });
    req.on('aborted', () => fail(400, 'The upload was interrupted.'));
    req.on('error', (err) => fail(400, `The upload broke off: ${err.message}`));
    out.on('error', (err) => fail(500, `The image could not be written: ${err.message}`));
    out.on('finish', () => {
      if (failed) return;
      session.complete();
      session.outcome.then(
        (r) => res.json({ format: r.format, sizeGb: r.sizeGb }),
        (err: unknown) =>
          res
            .status(422)
            .json({ error: { message: err instanceof Error ? err.message : String(err) } }),
      );
    });
    req.pipe(out);
  });
  return api;
}
