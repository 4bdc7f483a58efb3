/// What a request is about, in the vocabulary fault rules match on (docs/admin.md#faults).
struct FaultTarget: Sendable, Equatable {
    enum Plane: String, Sendable, CaseIterable {
        case inference, arm, identity
    }

    let plane: Plane
    /// `chat.completions`, `embeddings`, `info` (inference); the HTTP method, or for POST the
    /// action's name such as `listKeys` (ARM); `token`, `managedIdentity`, `metadata`, `discovery` (identity).
    let operation: String
    /// The endpoint or deployment name (inference); the last resource name in the path (ARM);
    /// the tenant (identity token and discovery routes, otherwise empty).
    let name: String
    /// A chat completion asked for with `"stream": true`.
    var streaming = false
    /// A PUT of a provider resource: it starts a provisioning operation.
    var startsProvisioning = false
}
