import ArgumentParser
import CeruleanServer
import NIOCore

/// `serve` flags of the connection layer: timeouts (in seconds, fractions allowed) and the
/// connection budget. Defaults and reasons: docs/behaviour.md.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Seconds a new connection has to finish the TLS handshake.")
    var handshakeTimeout: Double = 10

    @Option(help: "Seconds a request head may take to arrive (a new connection that sends nothing is closed after this long).")
    var requestHeadTimeout: Double = 30

    @Option(help: "Seconds a request body may take to arrive in full after its head.")
    var requestBodyTimeout: Double = 60

    @Option(help: "Seconds a kept-alive connection may wait for its next request.")
    var keepAliveTimeout: Double = 120

    @Option(help: "Seconds requests in progress get to finish on SIGTERM/SIGINT (idle connections close at once).")
    var shutdownTimeout: Double = 10

    @Option(help: "Connections served at once (default: the descriptor limit, ulimit -n, less 96).")
    var maxConnections: Int?

    func validate() throws {
        for (name, value) in [("--handshake-timeout", handshakeTimeout), ("--request-head-timeout", requestHeadTimeout),
                              ("--request-body-timeout", requestBodyTimeout), ("--keep-alive-timeout", keepAliveTimeout),
                              ("--shutdown-timeout", shutdownTimeout)]
        where !(value > 0 && value <= 86_400) {
            throw ValidationError("\(name) must be more than 0 and at most 86400 seconds.")
        }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1.") }
    }

    var limits: ConnectionLimits {
        func amount(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(seconds * 1e9)) }
        var limits = ConnectionLimits()
        limits.handshake = amount(handshakeTimeout)
        limits.requestHead = amount(requestHeadTimeout)
        limits.requestBody = amount(requestBodyTimeout)
        limits.keepAlive = amount(keepAliveTimeout)
        limits.shutdownDrain = amount(shutdownTimeout)
        limits.maxConnections = maxConnections
        return limits
    }
}
