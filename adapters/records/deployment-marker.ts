/**
 * The deployment marker of a record store (operations): one entry written once, when a cluster
 * first starts on an empty store, and never deleted by the hub, so that its disappearance tells
 * that the store lost its data. Each record store that can lose data under a running cluster
 * (Redis without persistence; a MongoDB database dropped or restored from elsewhere) offers one;
 * readiness compares it with the value a node found at start (hub/ops/readiness-checks.ts).
 */

/** A deployment marker in some record store. */
export interface DeploymentMarker {
  /**
   * The marker, written now (`created: true`) if there was none — a first start. Atomic: of
   * nodes starting together, all get the same value.
   */
  claim(): Promise<{ value: string; created: boolean }>;
  /** The marker now, or null when it is gone. */
  read(): Promise<string | null>;
}
