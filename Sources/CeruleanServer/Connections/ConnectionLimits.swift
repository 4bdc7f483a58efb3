import Foundation
import NIOCore

/// How long a connection may take over each step, and how many connections are served at once
/// (docs/behaviour.md lists the values and why).
public struct ConnectionLimits: Sendable, Equatable {
    /// From accepting the connection to the end of the TLS handshake.
    public var handshake: TimeAmount = .seconds(10)
    /// For a request head to arrive: from the first byte (or, on a new connection, from the
    /// moment it is ready) to the blank line that ends the headers. A new connection that sends
    /// nothing is closed after this long too.
    public var requestHead: TimeAmount = .seconds(30)
    /// For a request body to arrive in full, from the end of its head.
    public var requestBody: TimeAmount = .seconds(60)
    /// How long a kept-alive connection may wait for its next request.
    public var keepAlive: TimeAmount = .seconds(120)
    /// On SIGTERM/SIGINT, how long requests already being read or answered may take before
    /// their connections are closed and the process exits.
    public var shutdownDrain: TimeAmount = .seconds(10)
    /// Connections served at once on the main listener; `nil` derives it from the process's
    /// descriptor limit (`ulimit -n`) less `reservedDescriptors`.
    public var maxConnections: Int?

    /// Descriptors kept for everything but client connections (SQLite, snapshots, logs, the event loops).
    public static let reservedDescriptors = 64
    /// Connections served at once on the separate admin listener (`--admin-port`).
    public static let adminConnections = 32

    public init() {}

    /// `maxConnections`, or what the descriptor limit leaves (at least 8).
    public var effectiveMaxConnections: Int {
        if let maxConnections { return maxConnections }
        return max(8, Self.descriptorLimit() - Self.reservedDescriptors - Self.adminConnections)
    }

    /// The soft `RLIMIT_NOFILE` of this process.
    public static func descriptorLimit() -> Int {
        var limit = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        return Int(clamping: min(limit.rlim_cur, 1 << 20))
    }
}
