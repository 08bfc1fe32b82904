import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { badRequest } from '@warden/sys-api';
import nodemailer from 'nodemailer';
import { describeValue } from './describe-value.js';
import { toNodemailerMessage } from './nodemailer-transport.js';
import type { Transport } from './transport.js';

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * Writes each mail as `<outboxId>.eml` (RFC 822, CRLF) in `dir`. The file is written to a temp
 * name, synced and renamed, so a reader never sees half a mail, and a retried mail replaces its
 * own file instead of adding a second one.
 */
export function createEmlTransport(dir: unknown): Transport {
  if (typeof dir !== 'string' || !dir.trim()) {
    throw badRequest(`createTransport: eml must be a folder path, got ${describeValue(dir)}`);
  }
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    description: `eml folder ${root}`,
    async send(mail) {
      if (!SAFE_ID.test(mail.id))
        throw badRequest(`send: mail.id must be a file-safe id, got ${describeValue(mail.id)}`);
      const info = await composer.sendMail(toNodemailerMessage(mail));
      const temp = join(root, `.${mail.id}.${randomUUID()}.tmp`);
      try {
        const file = await open(temp, 'wx');
        try {
          await file.writeFile(info.message as Buffer);
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temp, join(root, `${mail.id}.eml`));
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return { messageId: info.messageId };
    },
    close: () => composer.close(),
  };
}
