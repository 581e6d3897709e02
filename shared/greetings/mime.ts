import type { Mailbox, OutgoingMessage } from './mailer';
import { base64, utf8 } from './token';

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/** An RFC 2047 encoded word for non-ASCII header text (split so no word exceeds 75 characters). */
export function encodeHeaderText(text: string): string {
  if (ASCII_PRINTABLE.test(text) && text.length < 900) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (utf8(chunk + ch).length > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${base64(utf8(w))}?=`).join('\r\n ');
}

/** `"Name" <address>`, with the name quoted or encoded as needed. */
export function formatMailbox(box: Mailbox): string {
  const name = box.name.replace(/[\r\n]+/g, ' ').trim();
  if (name === '') return `<${box.address}>`;
  if (ASCII_PRINTABLE.test(name)) return `"${name.replace(/(["\\])/g, '\\$1')}" <${box.address}>`;
  return `${encodeHeaderText(name)} <${box.address}>`;
}

function base64Lines(text: string): string {
  const encoded = base64(utf8(text));
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join('\r\n');
}

/** The RFC 5322 date of an ISO instant, in UTC. */
export function rfc5322Date(iso: string): string {
  return new Date(iso).toUTCString().replace(/GMT$/, '+0000');
}

function safeHeader(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/**
 * The whole message as MIME text (CRLF line ends): multipart/alternative with a base64 UTF-8 plain-text
 * part and HTML part. Used for .eml files, SMTP (raw) and the Gmail API, so every transport sends the
 * same bytes.
 */
export function buildMime(message: OutgoingMessage): string {
  const boundary = `=_regulars_${base64(utf8(message.messageId), true).slice(0, 24)}`;
  const headers: string[] = [
    `From: ${formatMailbox(message.from)}`,
    `To: <${safeHeader(message.to)}>`,
  ];
  if (message.replyTo) headers.push(`Reply-To: <${safeHeader(message.replyTo)}>`);
  headers.push(
    `Subject: ${encodeHeaderText(safeHeader(message.subject))}`,
    `Date: ${rfc5322Date(message.date)}`,
    `Message-ID: ${safeHeader(message.messageId)}`,
    'MIME-Version: 1.0',
  );
  for (const [name, value] of Object.entries(message.headers)) headers.push(`${name}: ${safeHeader(value)}`);
  headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
  const part = (type: string, body: string): string =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body)}\r\n`;
  return `${headers.join('\r\n')}\r\n\r\n${part('text/plain', message.text)}${part('text/html', message.html)}--${boundary}--\r\n`;
}
