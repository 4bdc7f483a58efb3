import ARM
import ArgumentParser
import CeruleanServer
import Foundation
import Logging

/// `cerulean [serve]`: run the emulator.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the emulator (the default command).")

    @OptionGroup var location: LocationOptions
    @OptionGroup var identity: IdentityOptions
    @OptionGroup(title: "Data plane") var inference: InferenceOptions
    @OptionGroup(title: "Connections") var connections: ConnectionOptions

    @Flag(help: "Keep state in memory instead of SQLite in the data folder.")
    var inMemory = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "Log format: text (default) or json (one object per line).")
    var logFormat: LogFormat = .text

    @Option(
        help: ArgumentHelp(
            "Provisioning policy, as POLICY (the default) or TYPE=POLICY; repeatable.",
            discussion: "POLICY is immediate, after:Ns (the default is after:1s), or after:Npolls, optionally followed by ,fail:Code:message. azure-like gives each type about the time Azure takes (online deployments 8 minutes); TYPE=POLICY still wins."))
    var provisioning: [String] = []

    @Option(help: "A model catalog file to add to the bundled one (same shape as Fixtures/catalog.json); repeatable.")
    var catalog: [String] = []

    @Option(help: "A price file to add to the bundled one (same shape as Fixtures/prices.json; later files replace the entries they name); repeatable.")
    var prices: [String] = []

    @Option(help: "Seconds between writes of metered usage to the database (a kill -9 loses at most this much usage).")
    var usageFlushInterval: Double = 1

    @Option(help: "ARM token checking: lenient (any bearer token) or strict (signature, expiry and audience checked).")
    var auth: AuthMode = .lenient

    @Option(help: "system, or manual: time moves only through POST /_cerulean/clock/advance (deterministic tests).")
    var clock: ClockMode = .system

    @Option(help: "A seed file to apply at start (schema: Fixtures/seed.schema.json), e.g. Fixtures/seed-example.json.")
    var seed: String?

    @Option(help: "Items per page in ARM lists.")
    var pageSize: Int = 100

    @Option(help: "Serve the admin API (/_cerulean/, no token needed) only on this port of its own, not on the main one; 0 picks a free port.")
    var adminPort: Int?

    @Flag(help: "Do not serve the admin API at all.")
    var noAdmin = false

    func validate() throws {
        guard Logger.Level(rawValue: logLevel.lowercased()) != nil else {
            throw ValidationError("Unknown --log-level '\(logLevel)'.")
        }
        guard (0...65535).contains(location.port) else { throw ValidationError("--port must be 0...65535.") }
        guard pageSize >= 1 else { throw ValidationError("--page-size must be at least 1.") }
        guard usageFlushInterval >= 0.05, usageFlushInterval <= 3600 else {
            throw ValidationError("--usage-flush-interval must be from 0.05 to 3600 seconds.")
        }
        if let adminPort {
            guard (0...65535).contains(adminPort) else { throw ValidationError("--admin-port must be 0...65535.") }
            guard !noAdmin else { throw ValidationError("--admin-port and --no-admin exclude each other.") }
            guard adminPort == 0 || adminPort != location.port else { throw ValidationError("--admin-port must differ from --port.") }
        }
        _ = try policyBook()
    }

    func policyBook() throws -> PolicyBook {
        let book = PolicyBook()
        for spec in provisioning {
            if let set = PolicyBook.PolicySet(rawValue: spec.lowercased()) {
                book.use(set)
                continue
            }
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            let text = parts.count == 2 ? parts[1] : parts[0]
            guard let policy = ProvisioningPolicy(parsing: text) else {
                throw ValidationError("Cannot read provisioning policy '\(text)'. Use immediate, after:5s or after:2polls, optionally with ,fail:Code:message.")
            }
            book.set(policy, for: parts.count == 2 ? parts[0] : nil)
        }
        return book
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel.lowercased()) ?? .info
        let json = logFormat == .json
        LoggingSystem.bootstrap { label in
            if json { return JSONLogHandler(label: label, logLevel: level) }
            var handler = DeferredMetadataLogHandler(StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
        var config = ServerConfiguration()
        config.host = location.host
        config.port = location.port
        config.dataDirectory = location.dataDirectory
        config.inMemory = inMemory
        config.publicURL = location.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        config.tls = !location.noTLS
        config.logLevel = level
        config.arm.defaultSubscriptionID = identity.subscriptionID
        config.arm.tenantID = identity.tenantID
        config.arm.pageSize = pageSize
        config.policies = try policyBook()
        config.catalogFiles = catalog.map { URL(fileURLWithPath: $0) }
        config.priceFiles = prices.map { URL(fileURLWithPath: $0) }
        config.usageFlushInterval = .milliseconds(Int((usageFlushInterval * 1000).rounded()))
        config.inference = try inference.settings()
        config.strictAuth = auth == .strict
        config.manualClock = clock == .manual
        config.admin = noAdmin ? .off : adminPort.map { .separate(port: $0) } ?? .main
        config.connections = connections.limits
        let server = try await CeruleanServer(configuration: config, logger: Logger(label: "cerulean"))
        if let seed {
            let applied = try await server.applySeed(try Data(contentsOf: URL(fileURLWithPath: seed)))
            Console.print("Seed \(seed): \(applied) items applied.")
        }
        let caPath = server.certificateAuthority.caCertificatePath.path
        let storage = inMemory ? "in memory" : config.databasePath.path
        try await server.run(onReady: { url in
            Console.print("""
                Cerulean \(CeruleanServer.version) is ready.
                  Listening on \(url)
                  State:        \(storage)
                  CA:           \(caPath)
                  Subscription: \(identity.subscriptionID)
                Set up a client shell with: eval "$(cerulean env\(location.port == 8443 ? "" : " --port \(url.split(separator: ":").last ?? "")"))"
                """)
        }, onAdminReady: { url in
            Console.print("  Admin API:    \(url)/_cerulean/ (its own listener)")
        })
    }
}
