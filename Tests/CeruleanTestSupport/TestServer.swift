import ARM
import CeruleanServer
import Foundation
import Logging
import ServiceLifecycle

/// Cerulean running in-process on an ephemeral HTTPS port, with in-memory state and a
/// temporary data folder for its CA. Call `stop()` when done.
public final class TestServer: Sendable {
    public let url: String
    /// The admin listener's URL when the configuration gives the admin API a port of its own.
    public let adminURL: String?
    public let caFile: String
    public let dataDirectory: URL
    public let server: CeruleanServer
    public let client: TestHTTPClient
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    public static let subscription = "00000000-1111-2222-3333-444444444444"

    public static func start(
        types: [ResourceType] = [], clock: (any ARM.Clock)? = nil, tls: Bool = true,
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cerulean-test-\(UUID().uuidString)")
        var config = ServerConfiguration()
        config.host = "127.0.0.1"
        config.port = 0
        config.dataDirectory = dir
        config.inMemory = true
        config.tls = tls
        configure(&config)
        var logger = Logger(label: "cerulean-test")
        logger.logLevel = .warning
        let server = try await CeruleanServer(configuration: config, extraTypes: types, clock: clock, logger: logger)
        let ready = AsyncStream<String>.makeStream()
        let adminReady = AsyncStream<String>.makeStream()
        let services = try server.services(onReady: { url in ready.continuation.yield(url) },
                                           onAdminReady: { url in adminReady.continuation.yield(url) })
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [], logger: logger)
        let task = Task { try await group.run() }
        var iterator = ready.stream.makeAsyncIterator()
        guard let url = await iterator.next() else { throw CancellationError() }
        var adminURL: String?
        if case .separate = config.admin {
            var adminIterator = adminReady.stream.makeAsyncIterator()
            adminURL = await adminIterator.next()
        }
        let ca = server.certificateAuthority.caCertificatePath.path
        return try TestServer(url: url, adminURL: adminURL, caFile: ca, dataDirectory: dir, server: server, group: group, task: task)
    }

    private init(url: String, adminURL: String?, caFile: String, dataDirectory: URL, server: CeruleanServer,
                 group: ServiceGroup, task: Task<Void, any Error>) throws {
        self.url = url
        self.adminURL = adminURL
        self.caFile = caFile
        self.dataDirectory = dataDirectory
        self.server = server
        self.group = group
        self.task = task
        self.client = try TestHTTPClient(baseURL: url, caFile: caFile)
    }

    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// An ARM call with a bearer token and an api-version.
    public func arm(_ method: String, _ path: String, body: String? = nil, apiVersion: String? = "2024-04-01",
                    headers: [String: String] = [:]) async throws -> HTTPResult {
        var all = ["Authorization": "Bearer test-token"]
        if body != nil { all["Content-Type"] = "application/json" }
        for (k, v) in headers { all[k] = v }
        var target = path
        if let apiVersion { target += (path.contains("?") ? "&" : "?") + "api-version=\(apiVersion)" }
        return try await client.send(method, target, headers: all, body: body.map { Data($0.utf8) })
    }
}
