// Hook for time travel: the state of a context at a delta and the diff to its parents.
//
// The node's JSON-RPC `execute` takes an optional `at` (a delta id) once time travel lands
// (docs/time-travel.md). Until this node answers such a call, stateAt() reports that it is not
// available and the dashboard shows the delta's own details only. When it lands, implement the
// two calls here: nothing else in the dashboard changes.
//
//   stateAt(api, contextId, deltaId) -> { available: true, state: <JSON> }
//                                     | { available: false, reason: <text> }
//   diffToParents(api, contextId, delta) -> same shape, `diff` instead of `state`
export async function stateAt(api, contextId, deltaId) {
  return { available: false, reason: 'this node does not serve the state at a delta yet' };
}

export async function diffToParents(api, contextId, delta) {
  return { available: false, reason: 'this node does not serve diffs between cuts yet' };
}
