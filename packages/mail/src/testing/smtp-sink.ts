/**
 * @warden/mail/testing: a real SMTP server on 127.0.0.1 for tests. It keeps every mail it
 * accepts, parsed with mailparser, and can be stopped, restarted on the same port, or told to
 * refuse mail, to play a server that is down.
 */
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** One mail the sink accepted. */
export interface ReceivedMail {
  /** The Message-ID header with its angle brackets, or '' when absent. */
  messageId: string;
  /** The SMTP envelope. */
  mailFrom: string;
  rcptTo: string[];
  /** The From and Subject headers. */
  from: string;
  subject: string;
  text: string;
  /** The HTML part, or null for a text-only mail. */
  html: string | null;
  /** The user name the client signed in with, or null. */
  user: string | null;
  /** The whole message as received. */
  raw: string;
}

/** Options of `startSmtpSink`. */
export interface SmtpSinkOptions {
  /** Require these credentials (default: any or none is accepted). */
  auth?: { user: string; pass: string };
  /** Offer STARTTLS with smtp-server's self-signed certificate (default off). */
  starttls?: boolean;
  /** Speak TLS from the first byte (`smtps://`), with that same certificate. */
  secure?: boolean;
}

/** A running sink. */
export interface SmtpSink {
  readonly port: number;
  /** `smtp://127.0.0.1:<port>` (`smtps://` for a secure sink). */
  readonly url: string;
  /** Every accepted mail, in order. */
  readonly messages: readonly ReceivedMail[];
  /** Resolves once `count` mails have arrived; rejects after `timeoutMs` (default 5000). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** How many times each Message-ID arrived. */
  countByMessageId(): Map<string, number>;
  /** While on, every recipient gets a temporary 451 failure. */
  refuse(on: boolean): void;
  /** Closes the listener: connections are refused until `restart()`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

/** Starts a sink on a random free port of 127.0.0.1. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  let refusing = false;
  let server: SMTPServer | null = null;
  let port = 0;

  const open = async (): Promise<void> => {
    const next = new SMTPServer({
      logger: false,
      secure: options.secure === true,
      authOptional: !options.auth,
      allowInsecureAuth: true,
      disabledCommands: options.starttls ? [] : ['STARTTLS'],
      onAuth(auth, _session, done) {
        const ok =
          !options.auth || (auth.username === options.auth.user && auth.password === options.auth.pass);
        done(ok ? null : new Error('Invalid username or password'), ok ? { user: auth.username } : undefined);
      },
      onRcptTo(_address, _session, done) {
        done(refusing ? Object.assign(new Error('Try again later'), { responseCode: 451 }) : null);
      },
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          // Record before answering 250, so a client that saw success finds its mail here.
          simpleParser(raw).then(
            (parsed) => {
              messages.push(toReceived(parsed, session, raw.toString('utf8')));
              done();
            },
            (err: Error) => done(err),
          );
        });
      },
    });
    // Connection-level errors (a client that rejects our self-signed certificate and hangs up
    // mid-handshake) are the client's test outcome; unheard, they would crash the test process.
    next.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      next.server.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    port = (next.server.address() as { port: number }).port;
    server = next;
  };

  await open();
  return {
    get port() {
      return port;
    },
    get url() {
      return `${options.secure ? 'smtps' : 'smtp'}://127.0.0.1:${port}`;
    },
    messages,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline)
          throw new Error(`smtp sink: ${messages.length} of ${count} mails after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return messages.slice();
    },
    countByMessageId() {
      const counts = new Map<string, number>();
      for (const m of messages) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
      return counts;
    },
    refuse(on) {
      refusing = on;
    },
    async stop() {
      const current = server;
      server = null;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    async restart() {
      if (!server) await open();
    },
  };
}

function toReceived(
  parsed: Awaited<ReturnType<typeof simpleParser>>,
  session: SMTPServerSession,
  raw: string,
): ReceivedMail {
  const env = session.envelope;
  return {
    messageId: parsed.messageId ?? '',
    mailFrom: env.mailFrom ? env.mailFrom.address : '',
    rcptTo: env.rcptTo.map((r) => r.address),
    from: parsed.from?.text ?? '',
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: parsed.html === false ? null : (parsed.html ?? null),
    user: typeof session.user === 'string' ? session.user : null,
    raw,
  };
}
