import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { badUserInput } from '../../errors.ts';
import { isNodeType } from './node-registry.ts';

/** The name of a type registered with registerNodeType. */
export type NodeTypeName = string;

const MAX_GLOBAL_ID_LENGTH = 512;
// REST ids are opaque, but only ever made of these characters; anything else is refused early.
const REST_ID = /^[A-Za-z0-9_.-]{1,200}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export interface DecodedGlobalId {
  typename: NodeTypeName;
  id: string;
}

/**
 * Decodes a Relay global ID (graphql-relay's base64 `Type:restId`). A malformed ID, an
 * unknown type, or a type outside `expected` is BAD_USER_INPUT: the caller sent something
 * that can never name a resource, which is different from "this resource does not exist".
 */
export function decodeGlobalId(globalId: string, expected?: readonly NodeTypeName[]): DecodedGlobalId {
  if (globalId.length === 0 || globalId.length > MAX_GLOBAL_ID_LENGTH || !BASE64.test(globalId)) {
    throw badUserInput('Malformed global ID.', { argumentValue: truncate(globalId) });
  }
  const { type, id } = splitGlobalId(globalId);
  if (!isNodeType(type) || !REST_ID.test(id)) {
    throw badUserInput('Malformed global ID.', { argumentValue: truncate(globalId) });
  }
  const typename = type;
  if (expected && !expected.includes(typename)) {
    throw badUserInput(`Expected the global ID of ${expected.join(' or ')}, got one of ${typename}.`, {
      argumentValue: truncate(globalId),
    });
  }
  return { typename, id };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII, control characters included.
const ASCII = /^[\x00-\x7f]*$/;

/**
 * graphql-relay's `fromGlobalId` with the native `atob` for padded standard base64 (what
 * `encodeGlobalId` makes); anything else goes to graphql-relay, so both accept the same IDs.
 * Non-ASCII text decodes differently, but to characters no REST id or type has: refused alike.
 */
function splitGlobalId(globalId: string): { type: string; id: string } {
  if (globalId.length % 4 !== 0 || globalId.includes('-') || globalId.includes('_')) return fromGlobalId(globalId);
  let text: string;
  try {
    text = atob(globalId);
  } catch {
    return { type: '', id: '' };
  }
  const colon = text.indexOf(':');
  return colon < 0 ? { type: '', id: '' } : { type: text.slice(0, colon), id: text.slice(colon + 1) };
}

/**
 * graphql-relay's `toGlobalId`, with the native `btoa` for ASCII text (REST ids are ASCII):
 * graphql-relay encodes base64 in plain JavaScript, and `btoa` is faster than Buffer for strings
 * this short (measured in bench/RESULTS.md).
 */
export function encodeGlobalId(typename: string, id: string): string {
  const text = `${typename}:${id}`;
  return ASCII.test(text) ? btoa(text) : toGlobalId(typename, id);
}

function truncate(value: string): string {
  return value.length > 64 ? `${value.slice(0, 64)}…` : value;
}
