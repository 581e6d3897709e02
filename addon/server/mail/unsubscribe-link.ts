import type { OutgoingMessage } from '../../../shared/greetings';

/** The URL inside a message's `List-Unsubscribe: <url>` header, or undefined when it has none. */
export function unsubscribeLinkOf(message: OutgoingMessage): string | undefined {
  const header = Object.entries(message.headers).find(([name]) => name.toLowerCase() === 'list-unsubscribe')?.[1];
  const match = header ? /<(https?:[^>]+)>/.exec(header) : null;
  return match?.[1];
}
