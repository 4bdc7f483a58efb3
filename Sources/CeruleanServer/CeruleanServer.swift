import ARM
import Authorization
import Billing
import Catalog
import CognitiveServices
import Foundation
import Hummingbird
import HummingbirdCore
import Identity
import Inference
import Logging
import MachineLearning
import NIOCore
import NIOSSL
import ServiceLifecycle
import Store
import WorkspaceDependencies

/// Assembles Cerulean: the store, the ARM engine with its resource types, the planes, TLS,
/// and the services that run them.
public struct CeruleanServer: Sendable {
    public static let version = "0.1.0"

    /// The resource types whose system-assigned identities are principals role assignments may name.
    static let identityTypes = ["Microsoft.MachineLearningServices/workspaces", "Microsoft.CognitiveServices/accounts"]

    public let configuration: ServerConfiguration
    public let store: Store
    public let engine: ARMEngine
    public let certificateAuthority: CertificateAuthority
    public let catalog: ModelCatalog
    /// The VM sizes managed compute runs on (`Fixtures/vm-sizes.json`).
    public let vmSizes: VMSizeCatalog
    public let inference: InferenceService
    /// The usage meters behind billing (flushed on an interval and on a clean stop).
    public let meter: UsageMeter
    public let tokens: TokenIssuer
    let journal = RequestJournal()
    let metrics = Metrics()
    let faults = FaultBook()
    let endpointDirectory: EndpointDirectory
    let logger: Logger

    /// Opens (or creates) the store, loads the model catalog, registers the resource types
    /// (Machine Learning plus `extraTypes`) and bootstraps the default subscription.
    public init(configuration: ServerConfiguration, extraTypes: [ResourceType] = [], clock given: (any ARM.Clock)? = nil,
                logger: Logger) async throws {
        let clock: any ARM.Clock = given ?? (configuration.manualClock ? ManualClock(Date()) : SystemClock())
        self.configuration = configuration
        self.logger = logger
        try PrivateFiles.prepareFolder(configuration.dataDirectory)
        store = configuration.inMemory ? try Store.inMemory() : try Store.open(path: configuration.databasePath.path)
        catalog = try ModelCatalog.standard(extraFiles: configuration.catalogFiles)
        let cognitive = CognitiveServicesProvider(catalog: catalog)
        vmSizes = try VMSizeCatalog.standard()
        let prices = try PriceList.standard(extraFiles: configuration.priceFiles)
            .fillingInstanceHours(vmSizes.sizes.map { ($0.name, $0.pricePerHour) })
        meter = UsageMeter(store: store, prices: prices, timelines: ComputeInstanceTimelines(), now: { [clock] in clock.now() })
        let billing = BillingProvider(meter: meter)
        let machineLearning = MachineLearningProvider(catalog: catalog, vmSizes: vmSizes)
        // The identity plane puts every client it issues a token for in the principal directory.
        let authorization = AuthorizationProvider(builtInRoles: try BuiltInRoles.standard(), checksPrincipals: true,
                                                  identityTypes: Self.identityTypes)
        let types = machineLearning.types + cognitive.types + WorkspaceDependencies.types + billing.types + extraTypes
        tokens = TokenIssuer(signer: try TokenSigner.load(directory: configuration.dataDirectory),
                             tenantID: configuration.arm.tenantID)
        let checker: (any BearerTokenChecker)? =
            configuration.strictAuth ? StrictTokenChecker(validator: TokenValidator(signer: tokens.signer)) : nil
        engine = ARMEngine(store: store, types: types, clock: clock, policies: configuration.policies,
                           settings: configuration.arm, tokenChecker: checker,
                           operations: cognitive.operations + machineLearning.operations + billing.operations
                               + authorization.operations,
                           scopeRemovalHooks: authorization.scopeRemovalHooks,
                           authorizationHook: configuration.strictAuth ? authorization.authorizationHook : nil,
                           bootstrapSteps: [authorization.ownerBootstrap(DefaultPrincipals.all)])
        try await engine.bootstrap()
        endpointDirectory = EndpointDirectory(store: store, catalog: catalog, engine: engine)
        inference = InferenceService(
            source: endpointDirectory, settings: configuration.inference,
            tokenVerifier: AccountTokenVerifier(validator: TokenValidator(signer: tokens.signer), now: { [clock] in clock.now() }),
            dataActions: configuration.strictAuth ? StrictDataAccess(store: store, authorization: authorization, now: { [clock] in clock.now() }) : nil,
            usageSink: meter, now: { [clock] in clock.now() })
        certificateAuthority = CertificateAuthority(directory: configuration.dataDirectory)
    }

    /// Applies a seed file (see docs/admin.md); throws an `ARMError` naming what is wrong.
    public func applySeed(_ data: Data) async throws -> Int {
        let token = try tokens.issue(resource: "https://management.azure.com/", clientID: "cerulean-seed",
                                     issuerBase: configuration.publicURL ?? "https://localhost", now: engine.clock.now())
        let applier = SeedApplier(engine: engine, inference: inference, authorization: "Bearer " + token.value)
        return try await applier.apply(try SeedFile(data)).applied
    }

    /// The services to run together: the store closer first (so it stops last), then the server.
    /// `onReady` receives the listening URL once the socket is bound.
    /// `onAdminReady` receives the admin listener's URL when the admin API has a port of its own.
    public func services(onReady: @escaping @Sendable (String) async -> Void = { _ in },
                         onAdminReady: @escaping @Sendable (String) async -> Void = { _ in }) throws -> [any Service] {
        let admin = AdminPlane(
            health: HealthAdmin(databaseCheck: DatabaseCheck(store: store), version: Self.version),
            state: StateAdmin(store: store, engine: engine, inference: inference, meter: meter, configuration: configuration,
                              version: Self.version),
            endpoints: EndpointSettingsAdmin(inference: inference), provisioning: ProvisioningAdmin(policies: engine.policies),
            clock: ClockAdmin(clock: engine.clock),
            snapshots: SnapshotAdmin(store: store, directory: configuration.dataDirectory.appendingPathComponent("snapshots"),
                                     meter: meter),
            faults: FaultsAdmin(book: faults),
            dashboard: DashboardAdmin(store: store, engine: engine, inference: inference, meter: meter, directory: endpointDirectory,
                                      journal: journal, faults: faults, version: Self.version, vmSizes: vmSizes),
            seed: { [self] data in try await self.applySeed(data) },
            journal: journal, metrics: metrics,
            caCertificate: configuration.tls ? certificateAuthority.caCertificatePath : nil)
        let dataPlanes: [any Plane] = [
            InferencePlane(service: inference, metrics: metrics), ARMPlane(engine: engine),
            IdentityPlane(issuer: tokens, identitySecret: configuration.identitySecret,
                          directory: IdentityDirectory(store: store, tenantID: configuration.arm.tenantID, identityTypes: Self.identityTypes,
                                                       strict: configuration.strictAuth, validator: TokenValidator(signer: tokens.signer)),
                          now: { [engine] in engine.clock.now() }),
            RegistryPlane(catalog: catalog, subscriptionID: configuration.arm.defaultSubscriptionID),
            CatalogPlane(catalog: catalog),
            PortalPlane(),  // last: it serves only what no API owns
        ]
        let mainPlanes: [any Plane] = configuration.admin == .main ? [admin] + dataPlanes : dataPlanes
        let app = try application(planes: mainPlanes, port: configuration.port,
                                  maxConnections: configuration.connections.effectiveMaxConnections, onReady: onReady)
        // Stopped in reverse order: the listeners drain, the meters stop, the last usage is written, the store closes.
        var services: [any Service] = [
            StoreService(store: store, logger: logger, beforeClose: { [meter] in try await meter.flush() }),
            UsageFlushService(meter: meter, interval: configuration.usageFlushInterval, logger: logger), app,
        ]
        if case .separate(let adminPort) = configuration.admin {
            services.append(try application(planes: [admin], port: adminPort, maxConnections: ConnectionLimits.adminConnections,
                                            onReady: onAdminReady))
        }
        return services
    }

    /// One listener serving `planes`, with at most `maxConnections` connections open at once.
    private func application(planes: [any Plane], port: Int, maxConnections: Int,
                             onReady: @escaping @Sendable (String) async -> Void) throws -> some Service {
        let responder = CeruleanResponder(
            planes: planes, configuration: configuration, logger: logger, journal: journal, metrics: metrics,
            faults: FaultInjector(book: faults))
        let scheme = configuration.scheme
        let host = configuration.host
        let governor = ConnectionGovernor(limit: maxConnections, logger: logger)
        return Application(
            responder: responder,
            server: try serverBuilder(governor: governor),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil,
                                                    availableConnectionsDelegate: governor.delegate),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shownHost = host.contains(":") ? "[\(host)]" : host
                await onReady("\(scheme)://\(shownHost == "0.0.0.0" ? "localhost" : shownHost):\(port)")
            },
            logger: logger)
    }

    private func serverBuilder(governor: ConnectionGovernor) throws -> HTTPServerBuilder {
        let limits = configuration.connections
        let tls = try tlsContext()
        return HTTPServerBuilder { responder in
            GuardedChannel(base: HTTP1Channel(responder: responder), tls: tls, limits: limits, governor: governor)
        }
    }

    private func tlsContext() throws -> NIOSSLContext? {
        guard configuration.tls else { return nil }
        var extraHosts = [configuration.host]
        if let publicURL = configuration.publicURL, let host = URL(string: publicURL)?.host { extraHosts.append(host) }
        let identity = try certificateAuthority.serverIdentity(hosts: extraHosts)
        let certificate = try NIOSSLCertificate(bytes: Array(identity.certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(identity.privateKeyPEM.utf8), format: .pem)
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        // How long a closing connection waits for the client's close_notify (NIOSSL's default is 5 s;
        // idle connections skip the wait altogether, see ConnectionWatch).
        tls.shutdownTimeout = .seconds(2)
        return try NIOSSLContext(configuration: tls)
    }

    /// Runs until SIGINT or SIGTERM, then drains in-flight requests (idle connections close at
    /// once; the rest get `configuration.connections.shutdownDrain`) and closes the database.
    public func run(onReady: @escaping @Sendable (String) async -> Void,
                    onAdminReady: @escaping @Sendable (String) async -> Void = { _ in }) async throws {
        var group = ServiceGroupConfiguration(
            services: try services(onReady: onReady, onAdminReady: onAdminReady).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // Past the drain, whatever still runs (a request sleeping on a latency fault) is cancelled.
        let drain = configuration.connections.shutdownDrain
        group.maximumGracefulShutdownDuration = .nanoseconds(drain.nanoseconds) + .seconds(2)
        try await ServiceGroup(configuration: group).run()
    }
}
