import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** One message as the server received it. */
export interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** How the server answers the nth DATA (1-based): accept, refuse with a reply code, or drop the connection. */
export type Answer = 'accept' | { code: number; message: string } | 'drop';

/** A real SMTP server on 127.0.0.1 (no TLS, no auth) that keeps what it accepts. */
export interface LoopbackSmtp {
  port: number;
  url: string;
  received: Received[];
  /** DATA commands seen, accepted or not. */
  attempts: number;
  close(): Promise<void>;
}

/** Starts a loopback SMTP server (on `port`, default any free one); `answer` decides each DATA's fate (default: accept all). */
export async function startLoopbackSmtp(answer: (n: number) => Answer = () => 'accept', port = 0): Promise<LoopbackSmtp> {
  const state: LoopbackSmtp = { port: 0, url: '', received: [], attempts: 0, close: () => Promise.resolve() };
  const sockets = new Set<Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const n = ++state.attempts;
        const verdict = answer(n);
        if (verdict === 'drop') {
          // The whole message arrived, then the line dies before the reply: the client cannot know.
          state.received.push(envelopeOf(session, chunks));
          sockets.forEach((s) => s.destroy());
          return;
        }
        if (verdict !== 'accept') {
          const error = Object.assign(new Error(verdict.message), { responseCode: verdict.code });
          callback(error);
          return;
        }
        state.received.push(envelopeOf(session, chunks));
        callback(null);
      });
    },
  });
  server.server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      sockets.forEach((s) => s.destroy());
      server.close(() => resolve());
    });
  return state;
}

function envelopeOf(session: SMTPServerSession, chunks: Buffer[]): Received {
  const from = session.envelope.mailFrom;
  return { from: from === false ? '' : from.address, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') };
}
