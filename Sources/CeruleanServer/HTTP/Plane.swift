import Hummingbird

/// A family of routes with its own conventions (ARM, admin, later identity and inference).
protocol Plane: Sendable {
    /// The plane's name in metrics (`arm`, `inference`, `identity`, `admin`).
    var name: String { get }
    /// Whether this plane owns the request (checked in order; the first match answers).
    func owns(_ exchange: Exchange) -> Bool
    func respond(to exchange: Exchange) async -> Response
    /// What the request is about, for fault rules; `nil` keeps faults away (the admin plane).
    func faultTarget(_ exchange: Exchange) -> FaultTarget?
}

extension Plane {
    func faultTarget(_ exchange: Exchange) -> FaultTarget? { nil }
}
