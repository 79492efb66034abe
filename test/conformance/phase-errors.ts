// Why a conformance phase stopped: a failure found by the harness, or a phase the launcher does not have.

/** A phase failed on something the harness checked (the message is the table's reason). */
export class PhaseFailure extends Error {}

/** The launcher has nothing to start (a tool installed and used from its menu only). */
export class NoStart extends Error {}
