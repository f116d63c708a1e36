/**
 * The typed Socket.IO surfaces of the hub: each namespace with the contract's event maps
 * (`contracts/events.ts`) and the data the hub keeps on its sockets. Every emit and every
 * handler is checked against the contract at compile time; nothing casts `socket.data`.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import {
  Namespace as NamespaceName,
  type CitizenClientEvents,
  type CitizenServerEvents,
  type RequestIncomingEvent,
  type RequestWithdrawnEvent,
  type VerifierClientEvents,
  type VerifierServerEvents,
} from '../../contracts/index.js';

/** What the hub remembers about a verifier socket (set by the handshake). */
export interface VerifierSocketData {
  sessionId: string;
  verifierId: string;
}

/** What the hub remembers about a citizen socket (set by the handshake). */
export interface CitizenSocketData {
  pesel: string;
  citizenRef: string;
  deviceId: string;
}

/**
 * Node-to-node events (`serverSideEmit`). Nodes otherwise talk through the store and the rooms;
 * this is for what no room addresses.
 */
export interface InterServerEvents {
  /** Disconnect the sockets of one device of a citizen held by this node (A3). */
  'device:cut': (citizenRef: string, deviceId: string) => void;
  /** Tell this node's sockets of a citizen (but `exceptSocketId`, '' for none) of a request. */
  'citizen:event': (citizenRef: string, event: CitizenEvent, exceptSocketId: string) => void;
}

/** What a citizen's sockets are told of a request: shown, or withdrawn. */
export type CitizenEvent =
  | { name: 'request:incoming'; payload: RequestIncomingEvent }
  | { name: 'request:withdrawn'; payload: RequestWithdrawnEvent };

/** The `/verifier` namespace. */
export type VerifierNamespace = Namespace<
  VerifierClientEvents,
  VerifierServerEvents,
  InterServerEvents,
  VerifierSocketData
>;
/** A widget's socket. */
export type VerifierSocket = Socket<
  VerifierClientEvents,
  VerifierServerEvents,
  InterServerEvents,
  VerifierSocketData
>;

/** The `/citizen` namespace. */
export type CitizenNamespace = Namespace<
  CitizenClientEvents,
  CitizenServerEvents,
  InterServerEvents,
  CitizenSocketData
>;
/** A phone's socket. */
export type CitizenSocket = Socket<
  CitizenClientEvents,
  CitizenServerEvents,
  InterServerEvents,
  CitizenSocketData
>;

/** Both namespaces of one node. */
export interface HubNamespaces {
  verifier: VerifierNamespace;
  citizen: CitizenNamespace;
}

/** The typed namespaces of a Socket.IO server. */
export function namespacesOf(io: Server): HubNamespaces {
  return {
    verifier: io.of(NamespaceName.verifier) as unknown as VerifierNamespace,
    citizen: io.of(NamespaceName.citizen) as unknown as CitizenNamespace,
  };
}
