import ARM
import Foundation
import Inference
import Logging

/// Everything the server needs to start, filled from the command line (or by tests).
public struct ServerConfiguration: Sendable {
    public var host = "localhost"
    /// 0 picks a free port; the chosen URL is reported when the server is up.
    public var port = 8443
    public var dataDirectory = URL(fileURLWithPath: ".cerulean")
    /// Keep state in memory (the CA still lives in the data folder so clients can trust it).
    public var inMemory = false
    /// What the server writes into URLs it hands out; derived from each request's Host header when unset.
    public var publicURL: String?
    public var tls = true
    public var logLevel: Logger.Level = .info
    public var arm = ARMSettings()
    public var policies = PolicyBook()
    /// Data plane: responder mode, scripted replies, latency, per-endpoint limits, blocked terms.
    public var inference = InferenceSettings()
    /// Time moves only through `POST /_cerulean/clock/advance` (deterministic tests).
    public var manualClock = false
    /// `strict` checks ARM tokens (signature, expiry, audience); `lenient` accepts any bearer value.
    public var strictAuth = false
    /// What `IDENTITY_HEADER` / `MSI_SECRET` must say on managed-identity token requests.
    public var identitySecret = ServerConfiguration.defaultIdentitySecret
    public static let defaultIdentitySecret = "cerulean-identity-header"
    /// Catalog files added to the bundled `Fixtures/catalog.json` (later files win on equal ids).
    public var catalogFiles: [URL] = []
    /// Price files added to the bundled `Fixtures/prices.json` (later files replace the entries they name).
    public var priceFiles: [URL] = []
    /// How often metered usage held in memory is written to SQLite (a `kill -9` loses at most this much).
    public var usageFlushInterval: Duration = .seconds(1)
    /// Bodies larger than this are refused with 413 (ARM's limit is 4 MB).
    public var maxBodyBytes = 4 * 1_048_576
    /// Connection timeouts and the connection budget (`--handshake-timeout`, `--max-connections`, ...).
    public var connections = ConnectionLimits()
    /// Which listener serves the admin routes (`/_cerulean/`).
    public var admin: AdminListener = .main

    public init() {}

    public var databasePath: URL { dataDirectory.appendingPathComponent("cerulean.sqlite") }
    public var scheme: String { tls ? "https" : "http" }
}

/// Where the admin API (and dashboard) is served. It needs no Azure token, so anyone who can
/// reach its listener can reset or fault the emulator: keep it on the main port for a laptop,
/// move it to a port only you reach, or switch it off.
public enum AdminListener: Sendable, Equatable {
    /// On the main port, beside ARM and inference.
    case main
    /// Only on a second listener on this port (same host and TLS); the main port answers 404.
    case separate(port: Int)
    /// Not served at all.
    case off
}
