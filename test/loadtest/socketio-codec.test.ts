/**
 * The load generator's Engine.IO v4 / Socket.IO v5 codec against the reference parsers the hub
 * itself uses (`engine.io-parser`, `socket.io-parser`): whatever one encodes the other decodes
 * to the same packet, and what the protocol forbids is refused.
 */
import { decodePacket, encodePacket, type Packet } from 'engine.io-parser';
import { Decoder, Encoder, PacketType, type Packet as ReferencePacket } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import {
  CodecError,
  decodeEnginePacket,
  decodeSocketPacket,
  encodeEnginePacket,
  encodeMessageFrame,
  encodeSocketPacket,
  engineIoUrl,
  parseHandshake,
  SocketPacketType,
  type EnginePacket,
  type SocketPacket,
} from '../../loadtest/lib/socketio-codec.ts';

/** Encodes with the reference encoder (JSON packets encode to one string). */
function referenceEncode(packet: ReferencePacket): string {
  const [encoded, ...rest] = new Encoder().encode(packet) as unknown[];
  expect(rest).toEqual([]);
  return encoded as string;
}

/** Decodes with the reference decoder. */
function referenceDecode(text: string): ReferencePacket {
  const decoder = new Decoder();
  let decoded: ReferencePacket | undefined;
  decoder.on('decoded', (packet: ReferencePacket) => {
    decoded = packet;
  });
  decoder.add(text);
  if (!decoded) throw new Error('the reference decoder produced nothing');
  return decoded;
}

const socketPackets: SocketPacket[] = [
  { type: SocketPacketType.connect, nsp: '/citizen', data: { token: 'abc.def', protocol: 1 } },
  { type: SocketPacketType.connect, nsp: '/', data: { token: 't' } },
  { type: SocketPacketType.connect, nsp: '/verifier', data: { sid: 'Xy_12-ab' } },
  { type: SocketPacketType.disconnect, nsp: '/verifier' },
  {
    type: SocketPacketType.event,
    nsp: '/verifier',
    data: ['session:state', { sessionId: 's1', state: 'awaiting_citizen' }],
  },
  {
    type: SocketPacketType.event,
    nsp: '/citizen',
    id: 0,
    data: ['pairing:join', { code: '012345' }],
  },
  {
    type: SocketPacketType.event,
    nsp: '/citizen',
    id: 1234,
    data: ['request:approve', { sessionId: 'x' }],
  },
  { type: SocketPacketType.event, nsp: '/', data: ['hello', 'wörld ✓', 3, null] },
  {
    type: SocketPacketType.ack,
    nsp: '/citizen',
    id: 17,
    data: [{ ok: true, data: { a: [1, 2] } }],
  },
  {
    type: SocketPacketType.ack,
    nsp: '/citizen',
    id: 5,
    data: [{ ok: false, error: { code: 'code_invalid', message: 'wrong code' } }],
  },
  {
    type: SocketPacketType.connectError,
    nsp: '/verifier',
    data: { message: 'unauthorized', data: { code: 'unauthorized', message: 'bad token' } },
  },
];

describe('Socket.IO v5 packets', () => {
  it.each(socketPackets.map((p) => [encodeSocketPacket(p), p] as const))(
    'encodes %s exactly as socket.io-parser does, and both decode it back',
    (encoded, packet) => {
      const reference: ReferencePacket = {
        type: packet.type as unknown as PacketType,
        nsp: packet.nsp,
        ...(packet.id === undefined ? {} : { id: packet.id }),
        ...(packet.data === undefined ? {} : { data: packet.data }),
      };
      expect(encoded).toBe(referenceEncode(reference));
      expect(decodeSocketPacket(encoded)).toEqual(packet);
      expect(referenceDecode(encoded)).toEqual(reference);
    },
  );

  it('decodes what the reference encoder makes of the main namespace and of a connect without auth', () => {
    expect(decodeSocketPacket(referenceEncode({ type: PacketType.CONNECT, nsp: '/' }))).toEqual({
      type: SocketPacketType.connect,
      nsp: '/',
    });
    expect(decodeSocketPacket('1/verifier,')).toEqual({
      type: SocketPacketType.disconnect,
      nsp: '/verifier',
    });
  });

  it('refuses binary packets, unknown types, reserved event names and malformed payloads', () => {
    const bad = [
      '',
      '7',
      'x',
      '51-/citizen,["evt",{"_placeholder":true,"num":0}]',
      '2/citizen,["connect"]',
      '2/citizen,{"not":"an array"}',
      '0/citizen,["not an object"]',
      '3/citizen,5{"not":"an array"}',
      '2/citizen,[not json',
    ];
    for (const text of bad) expect(() => decodeSocketPacket(text), text).toThrow(CodecError);
    expect(() =>
      encodeSocketPacket({ type: SocketPacketType.binaryEvent, nsp: '/', data: ['a'] }),
    ).toThrow(CodecError);
  });
});

describe('Engine.IO v4 packets', () => {
  const packets: EnginePacket[] = [
    { type: 'open', data: '{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}' },
    { type: 'close', data: '' },
    { type: 'ping', data: '' },
    { type: 'pong', data: '' },
    { type: 'ping', data: 'probe' },
    { type: 'message', data: '2/verifier,["session:qr",{"code":"123456"}]' },
    { type: 'noop', data: '' },
  ];

  it.each(packets)('encodes and decodes $type as engine.io-parser does', (packet) => {
    const ours = encodeEnginePacket(packet);
    let theirs: unknown;
    encodePacket(packet as Packet, true, (encoded) => {
      theirs = encoded;
    });
    expect(ours).toBe(theirs);
    expect(decodeEnginePacket(ours)).toEqual(packet);
    const reference = decodePacket(ours);
    expect(reference.type).toBe(packet.type);
    expect(reference.data ?? '').toBe(packet.data);
  });

  it('wraps a Socket.IO packet in a message frame', () => {
    expect(encodeMessageFrame({ type: SocketPacketType.disconnect, nsp: '/citizen' })).toBe(
      '41/citizen,',
    );
  });

  it('refuses an unknown packet type', () => {
    expect(() => decodeEnginePacket('9oops')).toThrow(CodecError);
    expect(() => decodeEnginePacket('')).toThrow(CodecError);
  });

  it('reads the open handshake', () => {
    expect(
      parseHandshake(
        '{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":16384}',
      ),
    ).toEqual({ sid: 's', pingInterval: 25000, pingTimeout: 20000, maxPayload: 16384 });
    expect(() => parseHandshake('{"sid":"s"}')).toThrow(CodecError);
    expect(() => parseHandshake('[]')).toThrow(CodecError);
  });

  it('derives the WebSocket URL of the Engine.IO endpoint', () => {
    expect(engineIoUrl('http://127.0.0.1:3000')).toBe(
      'ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket',
    );
    expect(engineIoUrl('https://hub.example.gov.pl/')).toBe(
      'wss://hub.example.gov.pl/socket.io/?EIO=4&transport=websocket',
    );
    expect(() => engineIoUrl('ws://127.0.0.1:3000')).toThrow(CodecError);
  });
});
