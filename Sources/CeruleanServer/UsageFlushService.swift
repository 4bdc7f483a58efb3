import Billing
import Logging
import ServiceLifecycle

/// Writes the meters' usage to SQLite every `interval` until the server stops (the last
/// flush, after the listeners have drained, is `StoreService`'s).
struct UsageFlushService: Service {
    let meter: UsageMeter
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do { try await meter.flush() } catch { logger.warning("Writing metered usage failed (kept for the next try): \(error)") }
            }
        }
    }
}
