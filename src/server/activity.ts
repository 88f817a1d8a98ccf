// What /api/messages accepts, checked before any turn runs: an activity is a JSON object with the
// fields every turn relies on, of the right types. botbuilder would answer some of these with a 500
// (no type) and run others as a turn that does nothing (no conversation, text an object); here each
// is a 400 that names the field. In local unauthenticated mode the bot replies only to a connector
// on this machine (the Agents Playground): anything else could make it post to any address given.
import { ActivityTypes } from 'botbuilder';
import { isLoopbackHost } from './config.js';

const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.values(ActivityTypes) as string[]);

/** Is this URL http(s) to this machine (127.0.0.0/8, ::1, localhost), with no user info? */
export function isLoopbackUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  return isLoopbackHost(url.hostname);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** What is wrong with a request body as a Bot Framework activity, or null if nothing is. */
export function activityProblem(body: unknown, options: { readonly localOnly: boolean; readonly empty: boolean }): string | null {
  if (options.empty) return 'the body is empty: an activity is a JSON object';
  if (!isObject(body)) return 'the body is not an activity: expected a JSON object';
  if (typeof body.type !== 'string') return 'type: required, a string such as "message"';
  if (!KNOWN_TYPES.has(body.type)) return `type: ${JSON.stringify(body.type.slice(0, 40))} is not a Bot Framework activity type`;
  if (!isText(body.channelId)) return 'channelId: required, a string';
  if (!isText(body.serviceUrl)) return "serviceUrl: required, the channel's address to reply to";
  if (!isObject(body.conversation) || !isText(body.conversation.id)) return 'conversation.id: required, a string';
  if (!isObject(body.from) || !isText(body.from.id)) return 'from.id: required, a string';
  if (body.recipient !== undefined && (!isObject(body.recipient) || !isText(body.recipient.id))) return 'recipient.id: a string when recipient is given';
  if (body.text !== undefined && body.text !== null && typeof body.text !== 'string') return 'text: must be a string';
  if (body.id !== undefined && typeof body.id !== 'string') return 'id: must be a string';
  if (options.localOnly && !isLoopbackUrl(body.serviceUrl)) {
    return 'serviceUrl: without bot credentials (a local run) the bot replies only to a connector on this machine (127.0.0.1, ::1 or localhost)';
  }
  return null;
}
