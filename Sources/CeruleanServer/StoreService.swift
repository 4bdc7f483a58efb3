import Logging
import ServiceLifecycle
import Store

/// Closes the database (checkpointing the WAL) once the HTTP server has drained, after
/// `beforeClose` (the meters' last flush). Listed before the application in the service group,
/// so it shuts down after it.
struct StoreService: Service {
    let store: Store
    let logger: Logger
    var beforeClose: @Sendable () async throws -> Void = {}

    func run() async throws {
        try? await gracefulShutdown()
        do {
            try await beforeClose()
        } catch {
            logger.error("Writing the last metered usage failed: \(error)")
        }
        do {
            try store.close()
            logger.info("Database closed cleanly")
        } catch {
            logger.error("Closing the database failed: \(error)")
        }
    }
}
