import Hummingbird

/// A family of routes with its own conventions (ARM, admin, later identity and inference).
protocol Plane: Sendable {
    /// Whether this plane owns the request (checked in order; the first match answers).
    func owns(_ exchange: Exchange) -> Bool
    func respond(to exchange: Exchange) async -> Response
}
