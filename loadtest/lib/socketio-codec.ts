/**
 * The wire format our load generator speaks to the hub: Engine.IO v4 packets carried one per
 * WebSocket text frame, and Socket.IO v5 packets inside Engine.IO `message` packets. Pure
 * functions with no imports at all, so the same file runs inside k6 (which cannot load npm
 * packages) and under vitest, where it is checked against the reference parsers and a real hub.
 * Binary packets are refused: the hub speaks JSON only.
 */

/** Engine.IO v4 packet types and their one-character codes. */
export const EnginePacketType = {
  open: '0',
  close: '1',
  ping: '2',
  pong: '3',
  message: '4',
  upgrade: '5',
  noop: '6',
} as const;
/** An Engine.IO packet type name. */
export type EnginePacketType = keyof typeof EnginePacketType;

/** One Engine.IO packet: its type and its text payload (empty when it has none). */
export interface EnginePacket {
  type: EnginePacketType;
  data: string;
}

/** What the server's `open` packet says about the connection. */
export interface EngineHandshake {
  sid: string;
  /** How often the server pings, in ms (the client only answers). */
  pingInterval: number;
  /** How long the server waits for the pong, in ms. */
  pingTimeout: number;
  /** The largest packet the server accepts, in bytes. */
  maxPayload: number;
}

/** Socket.IO v5 packet types. */
export const SocketPacketType = {
  connect: 0,
  disconnect: 1,
  event: 2,
  ack: 3,
  connectError: 4,
  binaryEvent: 5,
  binaryAck: 6,
} as const;
/** A Socket.IO packet type number. */
export type SocketPacketType = (typeof SocketPacketType)[keyof typeof SocketPacketType];

/** One Socket.IO packet. `nsp` is `/` for the main namespace. */
export interface SocketPacket {
  type: SocketPacketType;
  nsp: string;
  /** Ack id: on an event that wants an answer, and on the answer. */
  id?: number;
  /**
   * Connect: the auth object (client) or `{ sid }` (server); event: `[name, ...args]`; ack:
   * `[...args]`; connect error: `{ message, data? }`; disconnect: none.
   */
  data?: unknown;
}

/** A frame or packet that does not follow the protocol. */
export class CodecError extends Error {
  override readonly name = 'CodecError';
}

const engineTypeByCode: Record<string, EnginePacketType> = Object.fromEntries(
  Object.entries(EnginePacketType).map(([name, code]) => [code, name as EnginePacketType]),
);

/** Event names Socket.IO keeps for itself; an event packet may not carry them. */
const reservedEvents = [
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
];

/** The WebSocket URL of the Engine.IO endpoint of a hub at `baseUrl` (http or https). */
export function engineIoUrl(baseUrl: string, path = '/socket.io/'): string {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(baseUrl.trim());
  if (!match) throw new CodecError(`not an http(s) URL: ${baseUrl}`);
  const scheme = match[1]!.toLowerCase() === 'https' ? 'wss' : 'ws';
  return `${scheme}://${match[2]}${path}?EIO=4&transport=websocket`;
}

/** Encodes an Engine.IO packet as the text of one WebSocket frame. */
export function encodeEnginePacket(packet: EnginePacket): string {
  return EnginePacketType[packet.type] + packet.data;
}

/** Decodes the text of one WebSocket frame; throws `CodecError` on an unknown type. */
export function decodeEnginePacket(frame: string): EnginePacket {
  const type = engineTypeByCode[frame.charAt(0)];
  if (!type) throw new CodecError(`unknown Engine.IO packet type in ${preview(frame)}`);
  return { type, data: frame.slice(1) };
}

/** Reads the payload of the server's `open` packet. */
export function parseHandshake(data: string): EngineHandshake {
  const parsed = parseJson(data);
  if (!isObject(parsed)) throw new CodecError(`the open packet is not a JSON object`);
  const { sid, pingInterval, pingTimeout, maxPayload } = parsed;
  if (typeof sid !== 'string' || typeof pingInterval !== 'number') {
    throw new CodecError('the open packet has no sid or pingInterval');
  }
  if (typeof pingTimeout !== 'number') throw new CodecError('the open packet has no pingTimeout');
  return {
    sid,
    pingInterval,
    pingTimeout,
    maxPayload: typeof maxPayload === 'number' ? maxPayload : 1_000_000,
  };
}

/** Encodes a Socket.IO packet (the payload of an Engine.IO `message`). */
export function encodeSocketPacket(packet: SocketPacket): string {
  if (packet.type === SocketPacketType.binaryEvent || packet.type === SocketPacketType.binaryAck) {
    throw new CodecError('binary packets are not supported');
  }
  let out = String(packet.type);
  if (packet.nsp && packet.nsp !== '/') out += `${packet.nsp},`;
  if (packet.id !== undefined) out += String(packet.id);
  if (packet.data !== undefined) out += JSON.stringify(packet.data);
  return out;
}

/** Decodes a Socket.IO packet; throws `CodecError` when it breaks the protocol. */
export function decodeSocketPacket(text: string): SocketPacket {
  const type = Number(text.charAt(0));
  if (!(text.length > 0 && Number.isInteger(type) && type >= 0 && type <= 6)) {
    throw new CodecError(`unknown Socket.IO packet type in ${preview(text)}`);
  }
  if (type === SocketPacketType.binaryEvent || type === SocketPacketType.binaryAck) {
    throw new CodecError('binary packets are not supported');
  }
  let i = 1;
  let nsp = '/';
  if (text.charAt(i) === '/') {
    const comma = text.indexOf(',', i);
    const end = comma < 0 ? text.length : comma;
    nsp = text.slice(i, end);
    i = comma < 0 ? text.length : comma + 1;
  }
  let id: number | undefined;
  const digits = /^\d+/.exec(text.slice(i));
  if (digits) {
    id = Number(digits[0]);
    i += digits[0].length;
  }
  const packet: SocketPacket = { type: type as SocketPacketType, nsp };
  if (id !== undefined) packet.id = id;
  if (i < text.length) {
    const data = parseJson(text.slice(i));
    if (!isPayloadValid(packet.type, data)) {
      throw new CodecError(`invalid payload for packet type ${type}: ${preview(text)}`);
    }
    packet.data = data;
  }
  return packet;
}

/** The Engine.IO frame carrying one Socket.IO packet. */
export function encodeMessageFrame(packet: SocketPacket): string {
  return encodeEnginePacket({ type: 'message', data: encodeSocketPacket(packet) });
}

function isPayloadValid(type: SocketPacketType, data: unknown): boolean {
  switch (type) {
    case SocketPacketType.connect:
      return isObject(data);
    case SocketPacketType.disconnect:
      return data === undefined;
    case SocketPacketType.connectError:
      return typeof data === 'string' || isObject(data);
    case SocketPacketType.event:
      return (
        Array.isArray(data) &&
        (typeof data[0] === 'number' ||
          (typeof data[0] === 'string' && !reservedEvents.includes(data[0])))
      );
    case SocketPacketType.ack:
      return Array.isArray(data);
    default:
      return false;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CodecError(`not JSON: ${preview(text)}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The start of a frame for error messages (frames may carry tokens; never the whole thing). */
function preview(text: string): string {
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text);
}
